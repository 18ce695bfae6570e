package org.supervisordj.posix;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Test helpers that observe children through /proc, wait for them to show they are ready, and run
 * them to completion. Shared by every test package: waits live here once.
 */
public final class Proc {
    /** How long a test waits for a condition: generous, because a busy 2-core machine is slow, not wrong. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);
    static final Map<String, String> PATH_ONLY = Map.of("PATH", "/usr/bin:/bin");

    /** A condition that may throw while it looks, e.g. at a file that is being written. */
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Proc() {
    }

    /** Output and status of a finished child. */
    record Result(String output, WaitStatus status) {
    }

    /** Spawns {@code request} (its stdout/stderr fds are replaced by a pipe), reads all output, then waits for it. */
    static Result run(List<String> argv, Map<String, String> env, String dir, Integer umask, String user)
            throws Exception {
        int[] pipe = Pipes.pipe2Cloexec();
        int pid;
        try {
            pid = new Spawner().spawn(new SpawnRequest(argv, env, dir, umask, user, pipe[1], pipe[1]));
        } catch (SpawnException e) {
            Pipes.close(pipe[0]);
            throw e;
        } finally {
            Pipes.close(pipe[1]);
        }
        String out;
        try (InputStream in = Files.newInputStream(Path.of("/proc/self/fd/" + pipe[0]))) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            Pipes.close(pipe[0]);
        }
        return new Result(out, waitFor(pid));
    }

    /** Blocks until {@code pid} (our child) ends and returns its status. */
    static WaitStatus waitFor(int pid) {
        int[] status = new int[1];
        int rc;
        do {
            rc = Libc.C.waitpid(pid, status, 0);
        } while (rc < 0 && Libc.errno() == 4);
        if (rc != pid) {
            throw new AssertionError("waitpid(" + pid + ") failed: " + Libc.errnoName(Libc.errno()));
        }
        return WaitStatus.decode(status[0]);
    }

    /** Polls {@code condition} every 5 ms until it holds or {@code timeout} passes. */
    public static void await(Duration timeout, String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /**
     * Waits for a marker file a child writes once it is ready, e.g. {@code sh -c "trap ... TERM; touch
     * MARKER; ..."}: a signal sent before the trap is installed would meet the default action.
     */
    public static void awaitFile(Path marker) throws Exception {
        await(DEADLINE, "the child to write " + marker, () -> Files.exists(marker));
    }

    /**
     * Waits until {@code file} holds at least one whole line: a shell's {@code echo x >> file} creates the
     * file before it writes, so its mere existence does not mean the line is there yet.
     */
    public static void awaitLine(Path file) throws Exception {
        await(DEADLINE, "a whole line in " + file, () -> Files.exists(file) && Files.readString(file).endsWith("\n"));
    }

    /**
     * Waits until {@code pid} is blocked in nanosleep (its kernel wait channel), i.e. {@code sleep} has
     * exec'd and its dynamic loader is done: until then the child itself briefly holds fd 3 (ld.so.cache,
     * libc.so.6), which a look at /proc/pid/fd right after the exec would take for a leaked descriptor.
     */
    public static void awaitAsleep(int pid) throws Exception {
        await(DEADLINE, "pid " + pid + " to sleep in nanosleep (wchan " + read(pid, "wchan") + ", syscall "
                + read(pid, "syscall") + ")", () -> asleep(pid));
    }

    // wchan names the kernel function; where kernel symbols are hidden ("0"), the x86_64 syscall
    // number tells the same: 35 nanosleep, 230 clock_nanosleep.
    private static boolean asleep(int pid) {
        if (read(pid, "wchan").contains("nanosleep")) return true;
        String call = read(pid, "syscall").split(" ")[0];
        return call.equals("35") || call.equals("230");
    }

    private static String read(int pid, String file) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/" + file)).strip();
        } catch (IOException e) {
            return "(gone)";
        }
    }

    /**
     * Ends a daemon a test started, and everything under it: SIGTERM first, so it stops its programs as a
     * shutdown does; if that fails within the deadline, SIGKILL, then SIGKILL for every descendant it had
     * (a daemon killed outright leaves its programs running, re-parented, for the rest of the machine's day).
     */
    public static void stopTree(Process daemon) throws InterruptedException {
        List<ProcessHandle> descendants = daemon.descendants().toList();
        daemon.destroy();
        if (!daemon.waitFor(DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) daemon.destroyForcibly();
        for (ProcessHandle h : descendants) h.destroyForcibly();
    }

    public static int self() {
        return (int) ProcessHandle.current().pid();
    }

    public static boolean exists(int pid) {
        return Files.exists(Path.of("/proc/" + pid));
    }

    /** True while {@code pid} runs: it exists and is not a zombie. */
    public static boolean alive(int pid) {
        String[] st = stat(pid);
        return st != null && !st[0].equals("Z");
    }

    /** Returns a line value from /proc/pid/status, e.g. field "SigBlk", or null if the process is gone. */
    public static String status(int pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1).trim();
                }
            }
            return null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            // A process that exits while its status file is read makes the read fail with ESRCH:
            // it is as gone as one whose file was never there.
            if ("No such process".equals(e.getMessage())) {
                return null;
            }
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the fds a process holds open. */
    public static TreeSet<Integer> fds(int pid) {
        TreeSet<Integer> fds = new TreeSet<>();
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            s.forEach(p -> fds.add(Integer.parseInt(p.getFileName().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fds;
    }

    /** Returns the fields of /proc/pid/stat after the command name (index 0 = state), or null if gone. */
    static String[] stat(int pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException e) {
            return null;
        }
    }

    static int pgrp(int pid) {
        return Integer.parseInt(stat(pid)[2]);
    }

    /** Returns pids of all processes whose process group is {@code pgid}. */
    static List<Integer> groupMembers(int pgid) {
        List<Integer> members = new ArrayList<>();
        for (int pid : allPids()) {
            String[] st = stat(pid);
            if (st != null && Integer.parseInt(st[2]) == pgid) {
                members.add(pid);
            }
        }
        return members;
    }

    /** Returns zombies whose parent is {@code ppid}. */
    static List<Integer> zombieChildren(int ppid) {
        List<Integer> zombies = new ArrayList<>();
        for (int pid : allPids()) {
            String[] st = stat(pid);
            if (st != null && st[0].equals("Z") && Integer.parseInt(st[1]) == ppid) {
                zombies.add(pid);
            }
        }
        return zombies;
    }

    /** Returns the processes whose parent is {@code ppid}, as "pid:state" strings (state as in ps, e.g. "Z"). */
    public static List<String> children(int ppid) {
        List<String> out = new ArrayList<>();
        for (int pid : allPids()) {
            String[] st = stat(pid);
            if (st != null && Integer.parseInt(st[1]) == ppid) {
                out.add(pid + ":" + st[0]);
            }
        }
        return out;
    }

    private static List<Integer> allPids() {
        List<Integer> pids = new ArrayList<>();
        try (var s = Files.list(Path.of("/proc"))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .forEach(n -> pids.add(Integer.parseInt(n)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }
}
