package org.supervisordj.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileSinkTest {

    @TempDir
    Path dir;

    @Test
    void rotationKeepsEveryByteOfTheTailAcrossBackups() throws IOException {
        Path log = dir.resolve("web.log");
        Random random = new Random(42);
        byte[] input = new byte[10_000];
        random.nextBytes(input);
        input[0] = (byte) 0xFF; // invalid UTF-8 must survive untouched
        input[5_000] = (byte) 0xFF;
        int maxChunk = 0;
        try (RotatingFileSink sink = new RotatingFileSink(log, 1000, 3)) {
            for (int off = 0; off < input.length; ) {
                int n = Math.min(1 + random.nextInt(250), input.length - off);
                maxChunk = Math.max(maxChunk, n);
                sink.write(ByteBuffer.wrap(input, off, n));
                off += n;
            }
        }

        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        for (String name : new String[] {"web.log.3", "web.log.2", "web.log.1", "web.log"}) {
            byte[] part = Files.readAllBytes(dir.resolve(name));
            if (!name.equals("web.log")) {
                // A rotated file reached maxbytes and overshot by at most one write.
                assertTrue(part.length >= 1000 && part.length < 1000 + maxChunk, name + ": " + part.length);
            }
            kept.writeBytes(part);
        }
        assertTrue(Files.size(log) < 1000);
        byte[] tail = Arrays.copyOfRange(input, input.length - kept.size(), input.length);
        assertArrayEquals(tail, kept.toByteArray());
        assertFalse(Files.exists(dir.resolve("web.log.4")));
    }

    @Test
    void zeroBackupsTruncatesInPlace() throws IOException {
        Path log = dir.resolve("web.log");
        try (RotatingFileSink sink = new RotatingFileSink(log, 1000, 0)) {
            for (int i = 0; i < 25; i++) {
                sink.write(ByteBuffer.wrap(bytes(100, (byte) i)));
            }
        }
        // Truncated after 1000 and 2000 bytes: only the last five writes remain.
        byte[] content = Files.readAllBytes(log);
        assertEquals(500, content.length);
        assertEquals(20, content[0]);
        assertFalse(Files.exists(dir.resolve("web.log.1")));
    }

    @Test
    void zeroMaxBytesNeverRotates() throws IOException {
        Path log = dir.resolve("web.log");
        try (RotatingFileSink sink = new RotatingFileSink(log, 0, 3)) {
            for (int i = 0; i < 100; i++) {
                sink.write(ByteBuffer.wrap(bytes(100, (byte) 'x')));
            }
        }
        assertEquals(10_000, Files.size(log));
        assertFalse(Files.exists(dir.resolve("web.log.1")));
    }

    @Test
    void appendsToAnExistingFileAndCountsItsSize() throws IOException {
        Path log = dir.resolve("web.log");
        Files.write(log, bytes(900, (byte) 'a'));
        try (RotatingFileSink sink = new RotatingFileSink(log, 1000, 2)) {
            sink.write(ByteBuffer.wrap(bytes(200, (byte) 'b')));
        }
        assertEquals(1100, Files.size(dir.resolve("web.log.1")));
        assertEquals(0, Files.size(log));
    }

    @Test
    void nonSeekableTargetWithMaxBytesIsWrittenWithoutRotating() throws IOException {
        try (RotatingFileSink sink = new RotatingFileSink(Path.of("/dev/null"), 10, 3)) {
            for (int i = 0; i < 10; i++) {
                sink.write(ByteBuffer.wrap(bytes(100, (byte) 'x')));
            }
            sink.reopen();
            sink.write(ByteBuffer.wrap(bytes(100, (byte) 'y')));
        }
        assertFalse(Files.exists(Path.of("/dev/null.1")));
    }

    @Test
    void symlinkIsWrittenThroughButNotRotated() throws IOException {
        Path target = dir.resolve("real.log");
        Path link = Files.createSymbolicLink(dir.resolve("web.log"), target);
        try (RotatingFileSink sink = new RotatingFileSink(link, 10, 3)) {
            sink.write(ByteBuffer.wrap(bytes(100, (byte) 'x')));
            sink.write(ByteBuffer.wrap(bytes(100, (byte) 'y')));
        }
        assertEquals(200, Files.size(target));
        assertTrue(Files.isSymbolicLink(link));
        assertFalse(Files.exists(dir.resolve("web.log.1")));
    }

    @Test
    void reopenAfterExternalRenameWritesToANewFile() throws IOException {
        Path log = dir.resolve("web.log");
        Path rotated = dir.resolve("web.log-20240101");
        try (RotatingFileSink sink = new RotatingFileSink(log, 0, 0)) {
            sink.write(ascii("a"));
            Files.move(log, rotated); // logrotate's create mode
            sink.write(ascii("b")); // still the old descriptor, as in supervisord
            sink.reopen();
            sink.write(ascii("c"));
        }
        assertEquals("ab", Files.readString(rotated));
        assertEquals("c", Files.readString(log));
    }

    @Test
    void activeLogRemovedExternallyIsToleratedAtRotation() throws IOException {
        Path log = dir.resolve("web.log");
        try (RotatingFileSink sink = new RotatingFileSink(log, 1000, 2)) {
            sink.write(ByteBuffer.wrap(bytes(900, (byte) 'a')));
            Files.delete(log);
            sink.write(ByteBuffer.wrap(bytes(200, (byte) 'b'))); // rotates: web.log is gone
            sink.write(ascii("c"));
        }
        assertEquals("c", Files.readString(log));
        assertFalse(Files.exists(dir.resolve("web.log.1")));
    }

    @Test
    void writeConsumesTheBufferAndFailsAfterClose() throws IOException {
        RotatingFileSink sink = new RotatingFileSink(dir.resolve("web.log"), 0, 0);
        ByteBuffer buf = ascii("hello");
        sink.write(buf);
        assertFalse(buf.hasRemaining());
        sink.close();
        sink.close(); // idempotent
        assertThrows(ClosedChannelException.class, () -> sink.write(ascii("x")));
    }

    @Test
    void rejectsNegativeSettings() {
        Path log = dir.resolve("web.log");
        assertThrows(IllegalArgumentException.class, () -> new RotatingFileSink(log, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RotatingFileSink(log, 0, -1));
    }

    @Test
    void nullSinkDiscards() {
        ByteBuffer buf = ascii("gone");
        try (NullSink sink = new NullSink()) {
            sink.write(buf);
            sink.reopen();
        }
        assertFalse(buf.hasRemaining());
    }

    static byte[] bytes(int n, byte value) {
        byte[] b = new byte[n];
        Arrays.fill(b, value);
        return b;
    }

    static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }
}
