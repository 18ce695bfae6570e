package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supervisordj.posix.Proc;
import org.supervisordj.posix.ProcessSignals;
import org.supervisordj.process.ProcessState;

/**
 * The sd_notify protocol against a socket this test listens on, as systemd would: unit checks of the
 * notifier, then the real daemon in its own JVM with NOTIFY_SOCKET and WATCHDOG_USEC set.
 */
class SystemdNotifierTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<Process> daemons = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : daemons) Proc.stopTree(p);
        for (AutoCloseable c : closeables) c.close();
    }

    @Test
    void withoutNotifySocketEverythingIsANoOp() {
        SystemdNotifier n = new SystemdNotifier(Map.of("WATCHDOG_USEC", "500000"), 42, (l, m) -> fail(m));
        assertFalse(n.enabled());
        assertEquals(0, n.watchdogUsec());
        SignalBridge.Actions actions = new SignalBridge.Actions() {
            public void shutdown(String signal) { }
            public void reload() { }
            public void reopenLogs() { }
        };
        assertSame(actions, n.wrap(actions));
        n.reloading();
        n.reloaded();
        n.stopping();
        n.close();
    }

    @Test
    void watchdogOnlyForOurPid() {
        assertEquals(500000, SystemdNotifier.watchdogUsec(Map.of("WATCHDOG_USEC", "500000"), 42));
        assertEquals(500000, SystemdNotifier.watchdogUsec(Map.of("WATCHDOG_USEC", "500000", "WATCHDOG_PID", "42"), 42));
        assertEquals(0, SystemdNotifier.watchdogUsec(Map.of("WATCHDOG_USEC", "500000", "WATCHDOG_PID", "43"), 42));
        assertEquals(0, SystemdNotifier.watchdogUsec(Map.of("WATCHDOG_USEC", "soon"), 42));
        assertEquals(0, SystemdNotifier.watchdogUsec(Map.of(), 42));
    }

    @Test
    void statusLineCountsRunningAndTheRest() {
        assertEquals("0 RUNNING, 0 other", SystemdNotifier.status(List.of()));
        assertEquals("2 RUNNING, 3 other (1 STARTING, 2 FATAL)", SystemdNotifier.status(List.of(ProcessState.RUNNING,
                ProcessState.FATAL, ProcessState.STARTING, ProcessState.RUNNING, ProcessState.FATAL)));
    }

    @Test
    void sendsToPathAndAbstractSocketsAndSurvivesAMissingOne() throws Exception {
        Path path = dir.resolve("notify");
        BlockingQueue<String> atPath = listen(path.toString());
        String abstractName = "supervisord-j-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        BlockingQueue<String> atAbstract = listen("\u0000" + abstractName);

        try (SystemdNotifier n = new SystemdNotifier(Map.of("NOTIFY_SOCKET", path.toString()), 42, (l, m) -> fail(m))) {
            n.send("STATUS=path");
        }
        assertEquals("STATUS=path", atPath.poll(30, TimeUnit.SECONDS));
        try (SystemdNotifier n = new SystemdNotifier(Map.of("NOTIFY_SOCKET", "@" + abstractName), 42,
                (l, m) -> fail(m))) {
            n.send("READY=1\nSTATUS=abstract");
        }
        assertEquals("READY=1\nSTATUS=abstract", atAbstract.poll(30, TimeUnit.SECONDS));

        List<String> logged = new ArrayList<>();
        try (SystemdNotifier n = new SystemdNotifier(Map.of("NOTIFY_SOCKET", dir.resolve("nobody").toString()), 42,
                (l, m) -> logged.add(m))) {
            n.send("READY=1");
            n.send("STATUS=again");
        }
        assertEquals(1, logged.size(), logged.toString());
        assertTrue(logged.get(0).contains("can't notify systemd"), logged.toString());
    }

    @Test
    void daemonNotifiesReadyStatusReloadingStoppingAndWatchdog() throws Exception {
        Path socket = dir.resolve("notify");
        BlockingQueue<String> messages = listen(socket.toString());
        Path log = dir.resolve("supervisord.log");
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + log + "\npidfile=" + dir.resolve("supervisord.pid")
                + "\nchildlogdir=" + dir + "\n"
                + "[program:fast]\ncommand=sleep 1000\nstartsecs=0\n"
                + "[program:slow]\ncommand=sleep 1000\nstartsecs=1\n"
                + "[program:manual]\ncommand=sleep 1000\nautostart=false\n");
        long t0 = System.nanoTime();
        Process daemon = launch(conf, Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "500000"));
        List<String> seen = new ArrayList<>();

        String ready = await(messages, seen, m -> m.startsWith("READY=1"));
        double readyAfter = (System.nanoTime() - t0) / 1e9;
        System.out.printf("READY=1 after %.2f s: %s%n", readyAfter, ready.replace('\n', '|'));
        assertEquals("READY=1\nSTATUS=2 RUNNING, 1 other (1 STOPPED)", ready, "READY before both were RUNNING");
        assertTrue(readyAfter >= 1.0, "READY before slow's startsecs=1 passed: " + readyAfter);
        assertTrue(seen.stream().anyMatch(m -> m.startsWith("STATUS=") && m.contains("STARTING")),
                "no STATUS line while slow was STARTING: " + seen);
        assertTrue(seen.contains("WATCHDOG=1"), "no WATCHDOG=1 within startup: " + seen);

        // SIGHUP: RELOADING=1 with a monotonic timestamp, then READY=1 once the new file is applied.
        Files.writeString(conf, Files.readString(conf) + "[program:extra]\ncommand=sleep 1000\nstartsecs=0\n");
        ProcessSignals.kill((int) daemon.pid(), 1);
        String reloading = await(messages, seen, m -> m.startsWith("RELOADING=1"));
        assertTrue(reloading.matches("RELOADING=1\nMONOTONIC_USEC=\\d+\nSTATUS=Reloading configuration"), reloading);
        String readyAgain = await(messages, seen, m -> m.startsWith("READY=1"));
        assertTrue(readyAgain.startsWith("READY=1\nSTATUS="), readyAgain);
        String three = "STATUS=3 RUNNING, 1 other (1 STOPPED)"; // extra has startsecs=0: maybe in READY already
        if (!readyAgain.endsWith(three)) await(messages, seen, m -> m.equals(three));

        // The watchdog keeps pinging while idle, at WATCHDOG_USEC/2: four more pings come, and in all no
        // more than the 250 ms period allows since the launch (a fixed rate catches up after a stall,
        // never runs ahead). A count over a fixed 1.2 s window was at the scheduler's mercy.
        messages.drainTo(seen);
        int fourMore = count(seen, "WATCHDOG=1") + 4;
        await(messages, seen, m -> m.equals("WATCHDOG=1") && count(seen, "WATCHDOG=1") >= fourMore);
        messages.drainTo(seen);
        long periods = (System.nanoTime() - t0) / 250_000_000L;
        assertTrue(count(seen, "WATCHDOG=1") <= periods + 1,
                count(seen, "WATCHDOG=1") + " WATCHDOG=1 within " + periods + " periods of 250 ms: " + seen);

        ProcessSignals.kill((int) daemon.pid(), 15);
        await(messages, seen, m -> m.startsWith("STOPPING=1"));
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not exit after SIGTERM");
        assertEquals(0, daemon.exitValue());
        messages.drainTo(seen);
        assertEquals(2, count(seen, "READY=1"), seen.toString());
        System.out.println("notifications: " + seen.stream().filter(m -> !m.equals("WATCHDOG=1"))
                .map(m -> m.replace('\n', '|')).toList());
    }

    private static int count(List<String> seen, String prefix) {
        return (int) seen.stream().filter(m -> m.startsWith(prefix)).count();
    }

    private static String await(BlockingQueue<String> messages, List<String> seen, Predicate<String> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String m = messages.poll(100, TimeUnit.MILLISECONDS);
            if (m == null) continue;
            seen.add(m);
            if (wanted.test(m)) return m;
        }
        fail("no such notification; got " + seen);
        return null;
    }

    /** Binds a datagram socket at {@code address} ("\0name" for the abstract namespace) and queues what arrives. */
    private BlockingQueue<String> listen(String address) throws IOException {
        UnixDatagramChannel ch = UnixDatagramChannel.open();
        ch.bind(new UnixSocketAddress(address));
        closeables.add(ch);
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            try {
                while (ch.isOpen()) {
                    buf.clear();
                    UnixSocketAddress from = ch.receive(buf);
                    if (from == null && buf.position() == 0) continue;
                    buf.flip();
                    q.add(StandardCharsets.UTF_8.decode(buf).toString());
                }
            } catch (IOException e) {
                // closed by cleanUp
            }
        }, "notify-receiver");
        t.setDaemon(true);
        t.start();
        assertNotNull(t);
        return q;
    }

    private Process launch(Path conf, Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-cp",
                System.getProperty("java.class.path") + File.pathSeparator + MODULE.resolve("target/classes"),
                "org.supervisordj.daemon.Main", "-c", conf.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        pb.environment().remove("WATCHDOG_PID");
        pb.environment().putAll(env);
        Process p = pb.start();
        daemons.add(p);
        return p;
    }
}
