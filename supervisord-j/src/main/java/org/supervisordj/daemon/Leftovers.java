package org.supervisordj.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.LogLevel;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.posix.PosixException;
import org.supervisordj.posix.ProcessSignals;
import org.supervisordj.posix.Signals;
import org.supervisordj.process.EngineLog;

/**
 * Stops the programs a previous daemon left running when it died without stopping them, before
 * this one starts its own. They are not adopted: their pipes died with that daemon (their output
 * has nowhere to go) and they are not our children (we could never reap them or learn how they
 * exit). Each is stopped as a stop would: its stop signal to its process group, {@code stopwaitsecs},
 * then SIGKILL.
 *
 * <p>A process is only signalled while /proc shows the same pid with the recorded start time, so a
 * pid reused since the record was written is never touched. These are not our children, so there
 * is no exit event to wait for: their end is seen by looking at /proc every 50 ms, at start-up only.
 */
final class Leftovers {
    private static final int SIGKILL = 9;
    private static final long POLL_MILLIS = 50;
    /** For a program no longer in the configuration: supervisord's defaults. */
    private static final int DEFAULT_SIGNAL = 15;
    private static final int DEFAULT_WAIT_SECS = 10;
    private static final long KILL_WAIT_NANOS = 10_000_000_000L;

    private Leftovers() {
    }

    private static final class Target {
        final ChildrenRecord.Entry entry;
        final int signal;
        long deadline; // stopwaitsecs, then as long again after SIGKILL
        boolean killed;

        Target(ChildrenRecord.Entry entry, int signal, long deadline) {
            this.entry = entry;
            this.signal = signal;
            this.deadline = deadline;
        }

        boolean alive() {
            return ProcStat.isSame(entry.pid(), entry.startTime());
        }

        String name() {
            return "'" + entry.namespec() + "' (pid " + entry.pid() + ")";
        }
    }

    /** Stops every recorded process that is still alive; returns once they are all gone (or could not be killed). */
    static void stop(List<ChildrenRecord.Entry> recorded, Configuration config, EngineLog log) throws InterruptedException {
        Map<String, ProgramConfig> programs = config.programs().stream()
                .collect(Collectors.toMap(ProgramConfig::namespec, Function.identity(), (a, b) -> a));
        List<Target> targets = new ArrayList<>();
        long now = System.nanoTime();
        for (ChildrenRecord.Entry e : recorded) {
            if (!ProcStat.isSame(e.pid(), e.startTime())) continue; // it ended, or the pid is someone else's now
            ProgramConfig c = programs.get(e.namespec());
            int sig = c == null ? DEFAULT_SIGNAL : Signals.number(c.stopsignal());
            long wait = c == null ? DEFAULT_WAIT_SECS : c.stopwaitsecs();
            Target t = new Target(e, sig, now + wait * 1_000_000_000L);
            log.log(LogLevel.WARN, "found " + t.name() + " left running by a previous supervisord-j; stopping it with SIG"
                    + Signals.name(sig) + " before starting programs");
            signal(t, sig, log);
            targets.add(t);
        }
        while (!targets.isEmpty()) {
            now = System.nanoTime();
            for (var it = targets.iterator(); it.hasNext(); ) {
                Target t = it.next();
                if (!t.alive()) {
                    log.log(LogLevel.INFO, "stopped: leftover " + t.name() + (t.killed ? " (killed by SIGKILL)" : ""));
                    it.remove();
                } else if (now - t.deadline >= 0 && !t.killed) {
                    log.log(LogLevel.WARN, "killing leftover " + t.name() + " with SIGKILL: still running after stopwaitsecs");
                    signal(t, SIGKILL, log);
                    t.killed = true;
                    t.deadline = now + KILL_WAIT_NANOS;
                } else if (now - t.deadline >= 0) {
                    log.log(LogLevel.CRITICAL, "leftover " + t.name() + " survived SIGKILL; it may now run twice");
                    it.remove();
                }
            }
            if (!targets.isEmpty()) Thread.sleep(POLL_MILLIS);
        }
    }

    private static void signal(Target t, int sig, EngineLog log) {
        int pid = t.entry.pid();
        ProcStat s = ProcStat.of(pid);
        if (s == null || s.startTime() != t.entry.startTime()) return; // ended meanwhile
        try {
            // Its group (workers included) when it still leads the group we gave it; else just it.
            if (s.pgrp() == pid) ProcessSignals.killGroup(pid, sig);
            else ProcessSignals.kill(pid, sig);
        } catch (PosixException e) {
            log.log(LogLevel.ERROR, "can't signal leftover '" + t.entry.namespec() + "' (pid " + pid + "): "
                    + e.getMessage());
        }
    }
}
