package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supervisordj.api.RawHttp;

import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

/**
 * A real daemon process whose engine thread is made to die ({@link FaultInjectingMain}): it says so in
 * its log, answers 503 meanwhile, takes its programs' process groups down and exits non-zero, so
 * that systemd (Restart=on-failure) starts it again.
 */
class DaemonFailureEndToEndTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Pattern SPAWNED = Pattern.compile("spawned: '(\\w+)' with pid (\\d+)");

    @TempDir
    Path dir;
    private Process daemon;
    private UnixDatagramChannel receiver;

    @AfterEach
    void killLeftovers() throws IOException {
        if (daemon != null) daemon.destroyForcibly();
        if (receiver != null) receiver.close();
    }

    @Test
    void whenTheEngineThreadDiesTheDaemonLogsItAnswers503StopsItsProgramsAndExitsNonZero() throws Exception {
        Path log = dir.resolve("supervisord.log");
        Path socket = dir.resolve("api.sock");
        Path workerFile = dir.resolve("worker.pid");
        Path ready = dir.resolve("stubborn.ready");
        Files.writeString(dir.resolve("supervisord.conf"), "[supervisord]\nlogfile=" + log + "\npidfile="
                + dir.resolve("supervisord.pid") + "\nchildlogdir=" + dir + "\n"
                + "[unix_http_server]\nfile=" + socket + "\n"
                // Ignores TERM: the daemon must SIGKILL its group after its stopwaitsecs, which leaves
                // a window for the API to be asked while the daemon is going down.
                + "[program:stubborn]\ncommand=sh -c \"trap '' TERM; touch " + ready + "; exec sleep 1000\"\n"
                + "startsecs=0\nstopwaitsecs=8\n"
                + "[program:master]\ncommand=sh -c 'sleep 1000 & echo $! > " + workerFile + "; wait'\nstartsecs=0\n"
                + "[program:bomb]\ncommand=sleep 1000\nautostart=false\n");
        Path notify = dir.resolve("notify");
        BlockingQueue<String> notifications = listen(notify);
        daemon = launch(dir.resolve("supervisord.conf"), "engine-error", Map.of("NOTIFY_SOCKET", notify.toString(),
                "WATCHDOG_USEC", "400000"));
        // The log has its own writer thread: a program can be ready before its "spawned" line is written.
        awaitTrue("programs ready", () -> Files.exists(ready) && Files.exists(workerFile)
                && Files.readString(workerFile).endsWith("\n") && Files.exists(socket)
                && SPAWNED.matcher(Files.readString(log)).results().count() == 2);
        List<Integer> pids = new ArrayList<>();
        int stubborn = 0;
        Matcher m = SPAWNED.matcher(Files.readString(log));
        while (m.find()) {
            pids.add(Integer.valueOf(m.group(2)));
            if (m.group(1).equals("stubborn")) stubborn = Integer.parseInt(m.group(2));
        }
        pids.add(Integer.valueOf(Files.readString(workerFile).strip()));
        assertEquals(3, pids.size(), Files.readString(log));
        assertEquals(200, http(socket, "GET", "/api/v1/processes").status);
        awaitTrue("a watchdog ping", () -> "WATCHDOG=1".equals(notifications.poll(100, TimeUnit.MILLISECONDS)));

        http(socket, "POST", "/api/v1/processes/bomb/start?wait=false"); // the fault fires on its STARTING
        awaitTrue("the CRIT line", () -> Files.readString(log).contains("CRIT the supervisor thread died"));
        Response r = http(socket, "GET", "/api/v1/processes");
        assertEquals(503, r.status, r.body);
        assertTrue(r.body.contains("\"SHUTDOWN_STATE\"") && r.body.contains("the supervisor has failed"), r.body);
        assertFalse(r.body.contains("java") || r.body.contains("Exception") || r.body.contains("Error"), r.body);
        // The systemd watchdog is pinged every 200 ms while the engine answers; a dead one gets none.
        Thread.sleep(300); // a ping sent just before the fault may still be on its way
        notifications.clear();
        Thread.sleep(1500);
        assertFalse(notifications.contains("WATCHDOG=1"), "watchdog pinged after the engine died: " + notifications);

        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "daemon did not exit");
        assertEquals(Daemon.FAILED, daemon.exitValue());
        String text = Files.readString(log);
        for (String expected : List.of(
                "CRIT the supervisor thread died (java.lang.Error: injected fault on the engine thread (test)); stopping"
                        + " every program and exiting",
                "CRIT sending the stop signal to the process groups of ",
                "CRIT killing the process group of 'stubborn' (" + stubborn + ") with SIGKILL",
                "CRIT exiting with status 70: the supervisor thread failed")) {
            assertTrue(text.contains(expected), "log lacks '" + expected + "':\n" + text);
        }
        for (int pid : pids) assertFalse(alive(pid), "process " + pid + " survived:\n" + text);
        assertFalse(Files.exists(dir.resolve("supervisord.pid")), "pidfile left behind");
    }

    @Test
    void aSigtermAsTheFirstProgramSpawnsStopsItCleanly() throws Exception {
        Path log = dir.resolve("supervisord.log");
        Path ready = dir.resolve("first.ready");
        Files.writeString(dir.resolve("supervisord.conf"), "[supervisord]\nlogfile=" + log + "\npidfile="
                + dir.resolve("supervisord.pid") + "\nchildlogdir=" + dir + "\n"
                + "[program:first]\ncommand=sh -c 'touch " + ready + "; exec sleep 1000'\nstartsecs=0\n"
                + "[program:second]\ncommand=sleep 1000\nstartsecs=0\npriority=1000\n");
        daemon = launch(dir.resolve("supervisord.conf"), "sigterm-at-first-spawn", Map.of());
        // Handlers installed after the first spawn: the JVM would die of the TERM (143), orphaning it.
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "daemon did not exit");
        String text = Files.readString(log);
        assertEquals(0, daemon.exitValue(), text);
        assertTrue(text.contains("WARN received SIGTERM indicating exit request"), text);
        Matcher m = SPAWNED.matcher(text);
        while (m.find()) assertFalse(alive(Integer.parseInt(m.group(2))), m.group(1) + " survived:\n" + text);
    }

    private Process launch(Path conf, String fault, Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path") + File.pathSeparator + MODULE.resolve("target/classes")
                        + File.pathSeparator + MODULE.resolve("target/test-classes"),
                FaultInjectingMain.class.getName(), conf.toString(), fault);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        pb.environment().remove("WATCHDOG_PID");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Binds a datagram socket at {@code path}, as systemd's notify socket, and queues what arrives. */
    private BlockingQueue<String> listen(Path path) throws IOException {
        receiver = UnixDatagramChannel.open();
        receiver.bind(new UnixSocketAddress(path.toString()));
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        UnixDatagramChannel ch = receiver;
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            try {
                while (ch.isOpen()) {
                    buf.clear();
                    ch.receive(buf);
                    buf.flip();
                    if (buf.hasRemaining()) q.add(StandardCharsets.UTF_8.decode(buf).toString());
                }
            } catch (IOException closed) {
                // by killLeftovers
            }
        }, "notify-receiver");
        t.setDaemon(true);
        t.start();
        return q;
    }

    /** True if {@code pid} exists and is not a zombie (the daemon's zombies go with it). */
    private static boolean alive(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return false;
        }
    }

    private static Response http(Path socket, String method, String target) throws IOException {
        RawHttp.Response r = RawHttp.unix(socket, method, target, method.equals("POST") ? "" : null);
        return new Response(r.status(), r.text());
    }

    private record Response(int status, String body) {
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) fail("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }
}
