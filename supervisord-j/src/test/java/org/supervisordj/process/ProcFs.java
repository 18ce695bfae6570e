package org.supervisordj.process;

import java.util.List;
import java.util.TreeSet;

import org.supervisordj.posix.Proc;

/** Looks at processes through /proc, for assertions about children, zombies and fds: the engine tests' names for {@link Proc}. */
final class ProcFs {
    private ProcFs() {
    }

    static int self() {
        return Proc.self();
    }

    static boolean exists(int pid) {
        return Proc.exists(pid);
    }

    /** Returns a field of /proc/pid/status, e.g. "SigBlk", or null when the process is gone. */
    static String status(int pid, String field) {
        return Proc.status(pid, field);
    }

    static TreeSet<Integer> fds(int pid) {
        return Proc.fds(pid);
    }

    /** Returns the pids whose parent is {@code ppid}, as "pid:state" strings. */
    static List<String> children(int ppid) {
        return Proc.children(ppid);
    }

    /** Returns our zombie children as "pid:Z" strings. */
    static List<String> zombies() {
        return children(self()).stream().filter(s -> s.endsWith(":Z")).toList();
    }
}
