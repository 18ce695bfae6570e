package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.posix.ProcessSignals;

/**
 * A real daemon (a child JVM limited to 256 descriptors) flooded with idle, unauthenticated TCP
 * connections, more than it has descriptors for: a killed program must still be respawned, the
 * idle strangers are cut off, and an authenticated event stream keeps streaming.
 */
class ConnectionFloodTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final int FLOOD = 400;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Process daemon;
    private final List<SocketChannel> flood = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        for (SocketChannel ch : flood) ch.close();
        if (daemon != null) {
            daemon.destroy();
            try {
                if (!daemon.waitFor(30, TimeUnit.SECONDS)) daemon.destroyForcibly();
            } catch (InterruptedException e) {
                daemon.destroyForcibly();
            }
        }
    }

    @Test
    void idleStrangersCannotStopARespawn() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs /usr/bin/prlimit (util-linux) to limit the daemon");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path log = dir.resolve("supervisord.log");
        Path pids = dir.resolve("pids");
        Files.writeString(dir.resolve("supervisord.conf"), "[supervisord]\nlogfile=" + log + "\npidfile="
                + dir.resolve("supervisord.pid") + "\nchildlogdir=" + dir + "\nminfds=64\n"
                + "[inet_http_server]\nport=127.0.0.1:" + port + "\nusername=admin\npassword=s3cret\n"
                + "[program:crasher]\ncommand=sh -c 'echo $$ >> " + pids + "; exec sleep 1000'\n"
                + "startsecs=0\nautorestart=true\nstartretries=1\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A soft limit under the hard one, and the JVM's own raise (MaxFDLimit) off: the daemon must raise it.
        daemon = new ProcessBuilder("/usr/bin/prlimit", "--nofile=128:256", java, "-XX:-MaxFDLimit", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path") + File.pathSeparator + MODULE.resolve("target/classes"),
                "org.supervisordj.daemon.Main", "-c", dir.resolve("supervisord.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        InetSocketAddress tcp = new InetSocketAddress("127.0.0.1", port);
        await(() -> Files.exists(pids) && Files.readAllLines(pids).size() == 1 && logHas(log, "control API listening"),
                "the daemon to start crasher and listen", log);
        int first = lastPid(pids);
        assertTrue(Files.readString(Path.of("/proc/" + daemon.pid() + "/limits"))
                .matches("(?s).*Max open files\\s+256\\s+256\\s.*"), "soft NOFILE raised to the hard limit");

        String auth = "Authorization: " + TestDaemon.basic("admin", "s3cret");
        try (SocketChannel events = RawHttp.open(tcp, "/api/v1/events", auth)) {
            until(events, s -> s.contains(": subscribed"));
            // More idle, silent connections than the daemon has descriptors.
            for (int i = 0; i < FLOOD; i++) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.connect(tcp); // completes in the kernel's backlog, or waits there: either way it costs the client only
                flood.add(ch);
            }
            ProcessSignals.kill(first, 9);
            await(() -> lastPid(pids) != first && Files.exists(Path.of("/proc/" + lastPid(pids))),
                    "crasher to be respawned while the API is flooded", log);
            int second = lastPid(pids);
            until(events, s -> s.contains("\"state\":\"RUNNING\",\"pid\":" + second));

            for (SocketChannel ch : flood) ch.close();

            // A stranger that never sends a byte is cut off; a client that has authenticated is not, yet.
            try (SocketChannel stranger = SocketChannel.open(tcp);
                 SocketChannel friend = RawHttp.open(tcp, "/api/v1/processes", auth)) {
                until(friend, s -> s.startsWith("HTTP/1.1 200") && s.endsWith("]}"));
                long answered = System.nanoTime();
                stranger.socket().setSoTimeout((int) DEADLINE.toMillis());
                assertEquals(-1, readOrEof(stranger), "an idle unauthenticated connection is closed");
                // Let the friend idle well past a stranger's allowance (and well within its own).
                long quiet = TimeUnit.MILLISECONDS.toNanos(ApiServer.UNAUTHENTICATED_IDLE_MS + 5_000);
                while (System.nanoTime() - answered < quiet) Thread.sleep(100);
                friend.write(ByteBuffer.wrap(("GET /healthz HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1)));
                until(friend, s -> s.contains("\"ok\""));
            }
            ProcessSignals.kill(second, 9);
            await(() -> lastPid(pids) != second, "crasher to be respawned again", log);
            int third = lastPid(pids);
            // After more silence than a stranger is allowed, the stream still delivers.
            until(events, s -> s.contains("\"state\":\"RUNNING\",\"pid\":" + third));
        }
        String text = Files.readString(log);
        text.lines().filter(l -> l.contains("control API listening")).forEach(System.out::println); // the cap in force
        assertFalse(text.contains("FATAL"), text);
        assertFalse(text.contains("Too many open files"), text);
    }

    private static void until(SocketChannel ch, java.util.function.Predicate<String> done) throws Exception {
        RawHttp.readUntil(ch, done, DEADLINE);
    }

    private static int readOrEof(SocketChannel ch) {
        try {
            return ch.socket().getInputStream().read();
        } catch (SocketTimeoutException e) {
            return -2; // still open after the deadline
        } catch (IOException e) {
            return -1; // reset: closed too
        }
    }

    private static int lastPid(Path pids) throws IOException {
        List<String> lines = Files.readAllLines(pids);
        return Integer.parseInt(lines.get(lines.size() - 1).strip());
    }

    private static boolean logHas(Path log, String fragment) throws IOException {
        return Files.exists(log) && Files.readString(log).contains(fragment);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private void await(Check check, String what, Path log) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline || !daemon.isAlive()) {
                fail("timed out waiting for " + what + "\nlog:\n" + (Files.exists(log) ? Files.readString(log) : "(none)")
                        + "\nout:\n" + Files.readString(dir.resolve("out")));
            }
            Thread.sleep(50);
        }
    }
}
