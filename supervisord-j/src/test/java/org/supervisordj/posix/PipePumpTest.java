package org.supervisordj.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.Tag("own-jvm") // counts threads: see the surefire configuration
class PipePumpTest {
    private static PipePump pump;
    private static Reaper reaper;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        pump = new PipePump();
        reaper = new Reaper(pid -> false); // nobody owns these children: reap them all quietly
    }

    @AfterAll
    static void stop() throws Exception {
        pump.close();
        reaper.close();
    }

    /** Collects one pipe's bytes and signals EOF. */
    private static final class Collector implements PipePump.Sink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final MessageDigest digest;
        final CountDownLatch eof = new CountDownLatch(1);
        final AtomicLong count = new AtomicLong();
        final boolean keep;
        final long expected;
        final CountDownLatch arrived;

        Collector(boolean keep, long expected, CountDownLatch arrived) throws Exception {
            this.keep = keep;
            this.expected = expected;
            this.arrived = arrived;
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void write(ByteBuffer b) {
            if (count.addAndGet(b.remaining()) == expected) {
                arrived.countDown();
            }
            if (keep) {
                byte[] a = new byte[b.remaining()];
                b.get(a);
                bytes.write(a, 0, a.length);
            } else {
                digest.update(b);
            }
        }

        @Override
        public void eof() {
            eof.countDown();
        }

        void awaitEof() throws InterruptedException {
            assertTrue(eof.await(Proc.DEADLINE.toSeconds(), TimeUnit.SECONDS), "no EOF within " + Proc.DEADLINE);
        }
    }

    @Test
    void copiesBinaryDataByteForByte() throws Exception {
        byte[] data = new byte[20_000_000];
        new Random(42).nextBytes(data);
        data[0] = (byte) 0xff; // never valid in UTF-8
        data[1] = (byte) 0xc3; // a truncated two-byte sequence
        Path file = Files.write(tmp.resolve("blob"), data);
        Collector sink = new Collector(false, -1, new CountDownLatch(1));
        long t0 = System.nanoTime();
        spawn(List.of("cat", file.toString()), sink);
        sink.awaitEof();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("pipe pump: %d bytes in %d ms%n", sink.count.get(), ms);
        assertEquals(data.length, sink.count.get());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), sink.digest.digest());
    }

    @Test
    void twoHundredChildrenShareOneThread() throws Exception {
        // Warm up once: jnr-ffi starts its reference-finalizer thread lazily on first use.
        Collector warmUp = new Collector(true, -1, new CountDownLatch(1));
        spawn(List.of("true"), warmUp);
        warmUp.awaitEof();
        var mx = ManagementFactory.getThreadMXBean();
        int threadsBefore = mx.getThreadCount();
        java.util.Set<String> namesBefore = threadNames();
        List<Collector> sinks = new ArrayList<>();
        List<Integer> pids = new ArrayList<>();
        CountDownLatch written = new CountDownLatch(200);
        for (int i = 0; i < 200; i++) {
            Collector sink = new Collector(true, 500 * 13, written);
            sinks.add(sink);
            // 500 lines of 13 bytes, then stay alive until killed, so all 200 pipes are open at once.
            pids.add(spawn(List.of("sh", "-c",
                    "i=100; while [ $i -lt 600 ]; do echo \"child $i ok\"; i=$((i+1)); done; exec sleep 300"), sink));
        }
        assertTrue(written.await(Proc.DEADLINE.toSeconds(), TimeUnit.SECONDS), "all 200 children's output arrived");
        int threadsDuring = mx.getThreadCount();
        java.util.Set<String> added = threadNames();
        added.removeAll(namesBefore);
        System.out.printf("pipe pump: threads before %d, with 200 open pipes %d, new: %s%n", threadsBefore, threadsDuring, added);
        assertEquals(threadsBefore, threadsDuring);
        for (int pid : pids) ProcessSignals.kill(pid, Signals.number("KILL"));
        for (Collector sink : sinks) {
            sink.awaitEof();
            String out = sink.bytes.toString(java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals(500, out.lines().count());
            assertTrue(out.startsWith("child 100 ok\n") && out.endsWith("child 599 ok\n"));
        }
    }

    @Test
    void brokenSinkDoesNotBlockTheChild() throws Exception {
        CountDownLatch eof = new CountDownLatch(1);
        AtomicLong calls = new AtomicLong();
        PipePump.Sink broken = new PipePump.Sink() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                calls.incrementAndGet();
                throw new IOException("disk full (test)");
            }

            @Override
            public void eof() {
                eof.countDown();
            }
        };
        // 4 MiB is far more than a pipe holds: the child finishes only if we keep draining.
        spawn(List.of("head", "-c", "4194304", "/dev/zero"), broken);
        assertTrue(eof.await(Proc.DEADLINE.toSeconds(), TimeUnit.SECONDS), "child was blocked by a broken sink");
        assertEquals(1, calls.get(), "a failed sink is not called again");
    }

    @Test
    void whenThePumpThreadDiesItSaysSoAndNoChildStaysBlockedOnItsPipe() throws Exception {
        try (PipePump doomed = new PipePump()) {
            Error injected = new Error("injected fault in the pump thread (test)");
            PipePump.Sink bomb = new PipePump.Sink() {
                @Override
                public void write(ByteBuffer bytes) {
                    throw injected;
                }

                @Override
                public void eof() {
                }
            };
            // 4 MiB is far more than a pipe holds: the child ends only if its pipe is drained or closed.
            int[] pipe = Pipes.pipe2Cloexec();
            int pid;
            try {
                pid = new Spawner().spawn(new SpawnRequest(List.of("head", "-c", "4194304", "/dev/zero"), Proc.PATH_ONLY,
                        null, null, null, pipe[1], pipe[1]));
                reaper.childSpawned();
            } finally {
                Pipes.close(pipe[1]);
            }
            doomed.register(pipe[0], bomb);
            assertEquals(injected, doomed.died().get(30, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Files.exists(Path.of("/proc/" + pid)) && System.nanoTime() < deadline) Thread.sleep(10);
            assertTrue(!Files.exists(Path.of("/proc/" + pid)), "the child is still blocked on its pipe");

            int[] late = Pipes.pipe2Cloexec();
            Pipes.close(late[1]);
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> doomed.register(late[0], bomb));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> Pipes.close(late[0]),
                    "a refused fd is closed, not leaked");
        }
        PipePump closed = new PipePump();
        closed.close();
        assertTrue(!closed.died().isDone(), "a pump that was closed has not died");
    }

    @Test
    void pipeSizeCanBeRaised() throws Exception {
        int[] pipe = Pipes.pipe2Cloexec();
        try {
            assertTrue(Pipes.setPipeSize(pipe[1], 1 << 20) >= 1 << 20);
            PosixException e = org.junit.jupiter.api.Assertions.assertThrows(PosixException.class,
                    () -> Pipes.setPipeSize(100_000, 4096));
            assertEquals("EBADF", e.errnoName());
        } finally {
            Pipes.close(pipe[0]);
            Pipes.close(pipe[1]);
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> Pipes.close(pipe[0]));
    }

    private static java.util.Set<String> threadNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.add(t.getName());
        }
        return names;
    }

    private static int spawn(List<String> argv, PipePump.Sink sink) throws Exception {
        int[] pipe = Pipes.pipe2Cloexec();
        int pid;
        try {
            pid = new Spawner().spawn(new SpawnRequest(argv, Proc.PATH_ONLY, null, null, null, pipe[1], pipe[1]));
            reaper.childSpawned();
        } finally {
            Pipes.close(pipe[1]); // only the child may hold the write end, or EOF never comes
        }
        pump.register(pipe[0], sink);
        return pid;
    }
}
