package org.supervisordj.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFollowerTest {

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);

    @TempDir
    Path dir;

    @Test
    void seesEveryByteOnceAcrossRotationsWhileAWriterWrites() throws Exception {
        Path log = dir.resolve("web.log");
        byte[] input = new byte[8_000]; // files hold < 1250 bytes, so this is at least 6 rotations
        Random random = new Random(7);
        random.nextBytes(input);
        AtomicLong received = new AtomicLong();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();

        try (RotatingFileSink sink = new RotatingFileSink(log, 1000, 3);
                LogFollower follower = new LogFollower(log, 3)) {
            Thread writer = new Thread(() -> {
                try {
                    for (int off = 0; off < input.length; ) {
                        // Stay at most 2000 bytes ahead, so the file being read has not rotated
                        // out of web.log.3 when the follower gets to it.
                        long deadline = System.nanoTime() + DEADLINE_NANOS;
                        while (off - received.get() > 2000) {
                            if (System.nanoTime() > deadline) {
                                throw new AssertionError("follower stalled at " + received.get());
                            }
                            LockSupport.parkNanos(100_000);
                        }
                        int n = Math.min(1 + random.nextInt(250), input.length - off);
                        sink.write(ByteBuffer.wrap(input, off, n));
                        off += n;
                    }
                } catch (Throwable t) {
                    writerFailure.set(t);
                }
            }, "test-writer");
            writer.start();

            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (seen.size() < input.length && writerFailure.get() == null) {
                if (System.nanoTime() > deadline) {
                    fail("follower saw " + seen.size() + " of " + input.length + " bytes");
                }
                received.addAndGet(follower.poll(seen));
            }
            writer.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NANOS));
            if (writerFailure.get() != null) {
                throw new AssertionError("writer failed", writerFailure.get());
            }
            assertEquals(0, follower.poll(seen), "no byte after the last one");
        }
        assertArrayEquals(input, seen.toByteArray());
        assertTrue(Files.exists(dir.resolve("web.log.3")));
    }

    @Test
    void catchesUpOverSeveralRotationsBetweenPolls() throws IOException {
        Path log = dir.resolve("web.log");
        byte[] input = new byte[3_500];
        new Random(3).nextBytes(input);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try (RotatingFileSink sink = new RotatingFileSink(log, 1000, 3);
                LogFollower follower = new LogFollower(log, 3)) {
            sink.write(ByteBuffer.wrap(input, 0, 500));
            assertEquals(500, follower.poll(seen));
            for (int off = 500; off < input.length; off += 100) {
                sink.write(ByteBuffer.wrap(input, off, 100)); // three rotations, no poll
            }
            assertEquals(3_000, follower.poll(seen));
        }
        assertArrayEquals(input, seen.toByteArray());
    }

    @Test
    void smallBufferResumesWhereItStopped() throws IOException {
        Path log = dir.resolve("web.log");
        byte[] input = new byte[2_500];
        new Random(5).nextBytes(input);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try (RotatingFileSink sink = new RotatingFileSink(log, 1000, 3);
                LogFollower follower = new LogFollower(log, 3)) {
            sink.write(ByteBuffer.wrap(input));
            ByteBuffer small = ByteBuffer.allocate(333);
            for (int n; (n = follower.poll(small.clear())) > 0; ) {
                seen.write(small.array(), 0, n);
            }
        }
        assertArrayEquals(input, seen.toByteArray());
    }

    @Test
    void startsAtTheEndOrAtAGivenOffset() throws IOException {
        Path log = Files.writeString(dir.resolve("web.log"), "old");
        try (LogFollower atEnd = new LogFollower(log, 0);
                LogFollower atOne = new LogFollower(log, 0, 1)) {
            Files.writeString(log, "new", java.nio.file.StandardOpenOption.APPEND);
            assertEquals("new", pollString(atEnd));
            assertEquals("ldnew", pollString(atOne));
        }
    }

    @Test
    void waitsForAFileThatDoesNotExistYet() throws IOException {
        Path log = dir.resolve("web.log");
        try (LogFollower follower = new LogFollower(log, 1)) {
            assertEquals("", pollString(follower));
            Files.writeString(log, "hello");
            assertEquals("hello", pollString(follower));
        }
    }

    @Test
    void truncationInPlaceRestartsAtZero() throws IOException {
        Path log = dir.resolve("web.log");
        try (RotatingFileSink sink = new RotatingFileSink(log, 10, 0);
                LogFollower follower = new LogFollower(log, 0)) {
            sink.write(RotatingFileSinkTest.ascii("0123456"));
            assertEquals("0123456", pollString(follower));
            sink.write(RotatingFileSinkTest.ascii("789")); // reaches 10: truncated
            sink.write(RotatingFileSinkTest.ascii("ab"));
            // 789 was destroyed before the follower read it: backups=0 keeps nothing.
            assertEquals("ab", pollString(follower));
        }
    }

    private static String pollString(LogFollower follower) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        follower.poll(out);
        return new String(out.toByteArray(), StandardCharsets.US_ASCII);
    }
}
