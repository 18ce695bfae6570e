package org.supervisordj.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs the built launchers, {@code supervisord-j/bin/supervisord-j} and {@code ctl/bin/ctl}, as an operator would. */
final class Launchers {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DAEMON = ROOT.resolve("supervisord-j/bin/supervisord-j");
    static final Path CTL = ROOT.resolve("ctl/bin/ctl");

    private Launchers() {
    }

    /** The result of one command. */
    record Run(int exit, String out, String err) {
    }

    /** Starts the daemon in the foreground with {@code config}; its output goes to {@code output}. */
    static Process startDaemon(Path config, Path output) throws IOException {
        return new ProcessBuilder(DAEMON.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /**
     * Ends a daemon a test started and everything under it: SIGTERM, so it stops its programs; SIGKILL
     * after {@code grace}, then SIGKILL for every descendant it had, which would otherwise run on re-parented.
     */
    static void stop(Process daemon, Duration grace) throws InterruptedException {
        List<ProcessHandle> descendants = daemon.descendants().toList();
        daemon.destroy();
        if (!daemon.waitFor(grace.toSeconds(), TimeUnit.SECONDS)) daemon.destroyForcibly();
        for (ProcessHandle h : descendants) h.destroyForcibly();
    }

    /** Runs ctl with {@code args} and waits for it. */
    static Run ctl(Path work, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CTL.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "ctl", ".out");
        Path err = Files.createTempFile(work, "ctl", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ctl timed out: " + command);
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Polls {@code condition} every 20 ms until it holds or the deadline passes. */
    static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            Thread.sleep(20);
        }
    }

    /**
     * Returns {@code n} distinct loopback TCP ports free right now (the kernel's choice), for configs
     * that cannot say port 0. All are held at once while chosen, so no two are the same.
     */
    static int[] freePorts(int n) throws IOException {
        List<java.net.ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                held.add(new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()));
                ports[i] = held.get(i).getLocalPort();
            }
            return ports;
        } finally {
            for (java.net.ServerSocket s : held) s.close();
        }
    }

    /** Returns true if a process with this pid exists and is not a zombie. */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    /** Returns the pids of every live process whose parent is {@code ppid}. */
    static List<Long> children(long ppid) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(d.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(fields[1]) == ppid && !fields[0].equals("Z")) pids.add(Long.parseLong(d.getFileName().toString()));
                } catch (IOException | RuntimeException gone) {
                    // the process went away while we looked
                }
            }
        }
        return pids;
    }
}
