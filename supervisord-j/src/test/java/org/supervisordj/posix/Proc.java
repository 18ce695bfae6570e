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
import java.util.function.BooleanSupplier;

/** Test helpers that observe children through /proc and run them to completion. */
final class Proc {
    static final Map<String, String> PATH_ONLY = Map.of("PATH", "/usr/bin:/bin");

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
    static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    static boolean exists(int pid) {
        return Files.exists(Path.of("/proc/" + pid));
    }

    /** Returns a line value from /proc/pid/status, e.g. field "SigBlk", or null if the process is gone. */
    static String status(int pid, String field) {
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
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the fds a process holds open. */
    static TreeSet<Integer> fds(int pid) throws IOException {
        TreeSet<Integer> fds = new TreeSet<>();
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            s.forEach(p -> fds.add(Integer.parseInt(p.getFileName().toString())));
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
    static List<Integer> groupMembers(int pgid) throws IOException {
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
    static List<Integer> zombieChildren(int ppid) throws IOException {
        List<Integer> zombies = new ArrayList<>();
        for (int pid : allPids()) {
            String[] st = stat(pid);
            if (st != null && st[0].equals("Z") && Integer.parseInt(st[1]) == ppid) {
                zombies.add(pid);
            }
        }
        return zombies;
    }

    private static List<Integer> allPids() throws IOException {
        List<Integer> pids = new ArrayList<>();
        try (var s = Files.list(Path.of("/proc"))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .forEach(n -> pids.add(Integer.parseInt(n)));
        }
        return pids;
    }
}
