package org.supervisordj.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {

    @TempDir
    Path dir;
    Path log;

    @BeforeEach
    void writeLog() throws IOException {
        log = Files.writeString(dir.resolve("web.log"), "0123456789");
    }

    @Test
    void readLogOffsetSemantics() throws IOException {
        assertEquals("0123456789", read(0, 0));
        assertEquals("3456", read(3, 4));
        assertEquals("789", read(7, 100));
        assertEquals("789", read(7, 0));
        assertEquals("6789", read(-4, 0));
        assertEquals("0123456789", read(-20, 0));
        assertEquals("", read(20, 5));
        assertEquals("", read(10, 0));
    }

    @Test
    void readLogBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> LogReader.read(log, -4, 2));
        assertThrows(IllegalArgumentException.class, () -> LogReader.read(log, 0, -1));
    }

    @Test
    void readMissingFileFails() {
        assertThrows(NoSuchFileException.class, () -> LogReader.read(dir.resolve("nope.log"), 0, 0));
    }

    @Test
    void tailReturnsLastBytesAndSize() throws IOException {
        LogReader.Tail tail = LogReader.tail(log, 4);
        assertEquals("6789", new String(tail.bytes(), StandardCharsets.US_ASCII));
        assertEquals(10, tail.size());
        LogReader.Tail all = LogReader.tail(log, 100);
        assertEquals("0123456789", new String(all.bytes(), StandardCharsets.US_ASCII));
        assertEquals(0, LogReader.tail(log, 0).bytes().length);
    }

    private String read(long offset, int length) throws IOException {
        return new String(LogReader.read(log, offset, length), StandardCharsets.US_ASCII);
    }
}
