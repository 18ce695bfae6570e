package org.supervisordj.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.supervisordj.config.LogLevel;
import org.supervisordj.posix.PosixException;
import org.supervisordj.posix.ProcessSignals;
import org.supervisordj.posix.Signals;
import org.supervisordj.process.EngineLog;

/**
 * Ends the processes we adopted as subreaper (daemons our programs double-forked) once every
 * program has stopped, so that no child outlives a clean shutdown.
 *
 * <p>These pids are not the engine's, so the reaper reaps them on its own thread; a pid could in
 * theory be reaped and reused between reading /proc and kill(). The window is microseconds, and
 * the PPid is re-read right before each signal, so only a process that is our child is signalled.
 */
final class Orphans {
    private static final int SIGTERM = Signals.TERM;
    private static final int SIGKILL = Signals.KILL;

    private Orphans() {
    }

    /** Sends SIGTERM to each adopted child, waits up to {@code graceMillis}, then SIGKILLs what is left. */
    static void sweep(EngineLog log, long graceMillis) throws InterruptedException {
        List<Integer> orphans = children();
        if (orphans.isEmpty()) return;
        log.log(LogLevel.INFO, "stopping " + orphans.size() + " adopted orphan process(es): " + orphans);
        signalAll(SIGTERM);
        long deadline = System.nanoTime() + graceMillis * 1_000_000;
        while (!children().isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
        if (!children().isEmpty()) {
            log.log(LogLevel.WARN, "killing adopted orphans with SIGKILL: " + children());
            signalAll(SIGKILL);
        }
    }

    private static void signalAll(int sig) {
        for (int pid : children()) {
            try {
                if (isOurLiveChild(pid)) ProcessSignals.kill(pid, sig); // false (ESRCH) is benign
            } catch (PosixException e) {
                // Not ours to signal after all: leave it.
            }
        }
    }

    /** Returns the live (non-zombie) processes whose parent is us. */
    private static List<Integer> children() {
        List<Integer> out = new ArrayList<>();
        try (var s = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && isOurLiveChild(Integer.parseInt(name))) {
                    out.add(Integer.parseInt(name));
                }
            }
        } catch (IOException e) {
            // /proc unreadable: nothing we can do here
        }
        return out;
    }

    private static boolean isOurLiveChild(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return !f[0].equals("Z") && Integer.parseInt(f[1]) == ProcessSignals.getpid();
        } catch (IOException | RuntimeException e) {
            return false; // gone
        }
    }
}
