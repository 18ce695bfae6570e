package org.supervisordj.api.xmlrpc;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real daemon in its own temp dir, as a child JVM (supervisord-j's Main on this test's class
 * path) or Debian's {@code /usr/bin/supervisord -n}, both from the same configuration text, and the
 * clients that talk to it: {@code /usr/bin/supervisorctl} and python3 scripts. A separate process,
 * not an in-process engine: an engine's reaper in this JVM would reap the clients' exits.
 */
public final class Supervisor implements AutoCloseable {

    public enum Kind { SUPERVISORD_J, SUPERVISORD }

    /** What a client printed (stdout then stderr) and its exit code. */
    public record Result(String output, int exit) {
    }

    static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");
    static final Path SUPERVISORCTL = Path.of("/usr/bin/supervisorctl");
    public static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final long DEADLINE_S = 60;

    public final Path dir;
    public final Path conf;
    public final Path socket;
    private final Process process;

    private Supervisor(Path dir, Path conf, Path socket, Process process) {
        this.dir = dir;
        this.conf = conf;
        this.socket = socket;
        this.process = process;
    }

    /** Skips the calling test unless Debian's supervisor package (4.2.5) and python3 are installed. */
    public static void assumeSupervisorInstalled() {
        assumeTrue(Files.isExecutable(SUPERVISORD) && Files.isExecutable(SUPERVISORCTL) && Files.isExecutable(PYTHON),
                "supervisor is not installed (apt-get install supervisor): no reference to compare with");
    }

    /**
     * Runs argv[1:] with the empty signal mask and default INT/QUIT dispositions a terminal's shell gives:
     * run from a background job (CI, nohup), the JVM inherits SIGINT ignored, and so would supervisorctl,
     * whose Python then never turns Ctrl-C (SIGINT) into KeyboardInterrupt.
     */
    private static final List<String> CLEAN_SIGNALS = List.of(PYTHON.toString(), "-c",
            "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                    + "signal.signal(signal.SIGQUIT, signal.SIG_DFL); "
                    + "signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])");

    /** Starts a daemon of {@code kind} in {@code dir} running {@code programs} and waits for its socket. */
    public static Supervisor start(Kind kind, Path dir, String programs) throws Exception {
        return start(kind, dir, programs, Map.of());
    }

    /** As {@link #start(Kind, Path, String)}, with {@code env} added to the daemon's environment. */
    public static Supervisor start(Kind kind, Path dir, String programs, Map<String, String> env) throws Exception {
        Files.createDirectories(dir);
        Path socket = dir.resolve("s.sock");
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, header(dir, socket) + programs);
        // The JVM's threads block SIGQUIT and a spawned child inherits that mask, so a daemon started
        // directly from here would never see a listener's `kill -QUIT $PPID`: it starts with the
        // empty mask a shell or systemd would give it.
        List<String> cmd = new ArrayList<>(CLEAN_SIGNALS);
        if (kind == Kind.SUPERVISORD) {
            cmd.addAll(List.of(SUPERVISORD.toString(), "-n", "-c", conf.toString()));
        } else {
            Path module = Path.of("").toAbsolutePath();
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path") + File.pathSeparator + module.resolve("target/classes"),
                    "org.supervisordj.daemon.Main", "-c", conf.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(dir.resolve("daemon.out").toFile())
                .redirectError(dir.resolve("daemon.err").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        Supervisor s = new Supervisor(dir, conf, socket, p);
        s.awaitSocket();
        return s;
    }

    private static String header(Path dir, Path socket) {
        return "[unix_http_server]\nfile=" + socket + "\n\n[supervisord]\nlogfile=" + dir.resolve("supervisord.log")
                + "\npidfile=" + dir.resolve("supervisord.pid") + "\nchildlogdir=" + dir + "\nidentifier=compat\n\n"
                + "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
                + "[supervisorctl]\nserverurl=unix://" + socket + "\n\n";
    }

    /** Replaces the programs of the configuration file (for reread, update, add, remove). */
    public void rewrite(String programs) throws IOException {
        Files.writeString(conf, header(dir, socket) + programs);
    }

    private void awaitSocket() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
        while (true) {
            if (!process.isAlive()) fail("daemon exited " + process.exitValue() + ":\n" + read("daemon.err") + read("daemon.out"));
            if (Files.exists(socket)) {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(UnixDomainSocketAddress.of(socket));
                    return;
                } catch (IOException notYet) {
                    // bound but not accepting yet
                }
            }
            if (System.nanoTime() > deadline) fail("no socket " + socket + " after " + DEADLINE_S + " s");
            Thread.sleep(50);
        }
    }

    /** Runs {@code supervisorctl -c conf args...}. */
    public Result ctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SUPERVISORCTL.toString(), "-c", conf.toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** A supervisorctl that does not end by itself ({@code tail -f}): its output so far, then stopped. */
    final class Streaming implements AutoCloseable {
        private final Process client;
        private final Path out;

        private Streaming(Process client, Path out) {
            this.client = client;
            this.out = out;
        }

        /** Waits until the output contains {@code fragment}. */
        void await(String fragment) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
            while (!output().contains(fragment)) {
                if (System.nanoTime() > deadline) fail("no '" + fragment + "' in the output of supervisorctl:\n" + output());
                if (!client.isAlive()) fail("supervisorctl exited " + client.exitValue() + ":\n" + output());
                Thread.sleep(50);
            }
        }

        String output() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        /** Types {@code text} on supervisorctl's stdin (for {@code fg}). */
        void type(String text) throws IOException {
            client.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().flush();
        }

        /** Closes supervisorctl's stdin: end of input, as Ctrl-D. */
        void endInput() throws IOException {
            client.getOutputStream().close();
        }

        /** Sends SIGINT, as Ctrl-C in a terminal. */
        void interrupt() throws Exception {
            Process kill = new ProcessBuilder("/bin/kill", "-INT", Long.toString(client.pid())).start();
            if (!kill.waitFor(DEADLINE_S, TimeUnit.SECONDS) || kill.exitValue() != 0) fail("kill -INT failed");
        }

        @Override
        public void close() throws InterruptedException {
            client.destroy();
            client.waitFor(DEADLINE_S, TimeUnit.SECONDS);
        }
    }

    /** Starts {@code supervisorctl -c conf args...} that streams until closed. */
    Streaming ctlStream(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(CLEAN_SIGNALS);
        cmd.addAll(List.of(SUPERVISORCTL.toString(), "-c", conf.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "stream", ".out");
        return new Streaming(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start(), out);
    }

    /** Runs python3 {@code script} with {@code args}. */
    public Result python(Path script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** Runs supervisorctl's interactive mode with {@code input} as what is typed. */
    Result ctlInteractive(String input) throws Exception {
        Path in = Files.createTempFile(dir, "client", ".in");
        Files.writeString(in, input);
        return run(List.of(SUPERVISORCTL.toString(), "-c", conf.toString()), in);
    }

    private Result run(List<String> cmd) throws Exception {
        return run(cmd, null);
    }

    private Result run(List<String> cmd, Path input) throws Exception {
        Path out = Files.createTempFile(dir, "client", ".out");
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        if (input != null) b.redirectInput(input.toFile());
        Process p = b.start();
        if (!p.waitFor(DEADLINE_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish in " + DEADLINE_S + " s:\n" + Files.readString(out));
        }
        return new Result(Files.readString(out, StandardCharsets.UTF_8), p.exitValue());
    }

    /** The daemon's pid (its JVM's, or supervisord's). */
    public long pid() {
        return process.pid();
    }

    /** Waits for the daemon to exit by itself (after shutdown). */
    public boolean awaitExit() throws InterruptedException {
        return process.waitFor(DEADLINE_S, TimeUnit.SECONDS);
    }

    public String read(String file) throws IOException {
        Path f = dir.resolve(file);
        return Files.exists(f) ? Files.readString(f) : "";
    }

    /** SIGTERM (both stop their programs), then SIGKILL if it takes too long. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(DEADLINE_S, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
