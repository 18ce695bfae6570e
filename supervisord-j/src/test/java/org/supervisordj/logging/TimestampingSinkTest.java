package org.supervisordj.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stamps in front of every line of a real rotating log file. */
class TimestampingSinkTest {

    @TempDir
    Path dir;

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyLineStampedOnceAPartialLineWhenItStarts() throws Exception {
        Path log = dir.resolve("out.log");
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T20:15:01.123Z"));
        try (TimestampingSink sink = new TimestampingSink(new RotatingFileSink(log, 0, 0), clock)) {
            sink.write(bytes("one\ntwo\npar"));
            clock.now = Instant.parse("2026-12-03T20:15:02.000Z");
            sink.write(bytes("tial\n"));
            sink.write(bytes("\n"));
        }
        assertEquals("2026-12-03T21:15:01.123+01:00 one\n2026-12-03T21:15:01.123+01:00 two\n"
                + "2026-12-03T21:15:01.123+01:00 partial\n2026-12-03T21:15:02.000+01:00 \n", Files.readString(log));
    }

    @Test
    void rotationKeepsStampedLines() throws Exception {
        Path log = dir.resolve("out.log");
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T20:15:01.123Z"));
        try (TimestampingSink sink = new TimestampingSink(new RotatingFileSink(log, 200, 2), clock)) {
            for (int i = 0; i < 20; i++) sink.write(bytes("line " + i + "\n"));
        }
        for (Path p : new Path[] {log, dir.resolve("out.log.1")}) {
            for (String l : Files.readAllLines(p)) {
                assertEquals(true, l.matches("2026-12-03T21:15:01\\.123\\+01:00 line \\d+"), p + ": " + l);
            }
        }
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.ofHours(1);
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
