package org.supervisordj.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fields of /proc/PID/stat that tell one process from a later one with the same pid: its start
 * time (field 22, clock ticks since boot) never repeats for a pid within one boot.
 *
 * @param state     field 3 ("Z" for a zombie)
 * @param pgrp      field 5, the process group
 * @param startTime field 22
 */
record ProcStat(String state, int pgrp, long startTime) {

    /** Reads {@code pid}'s fields, or null when there is no such process. */
    static ProcStat of(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new ProcStat(f[0], Integer.parseInt(f[2]), Long.parseLong(f[19]));
        } catch (IOException | RuntimeException e) {
            return null; // gone (or not a process we can read)
        }
    }

    /** Returns true if {@code pid} is, right now, the live process that started at {@code startTime}. */
    static boolean isSame(int pid, long startTime) {
        ProcStat s = of(pid);
        return s != null && s.startTime() == startTime && !s.state().equals("Z");
    }

    /** This boot's id: a record written in another boot names processes that no longer exist. */
    static String bootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
