package org.supervisordj.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures as the file system really reports them, put in words without Java class names. */
class ReasonTest {
    @TempDir
    Path dir;

    @Test
    void missingFileAndDirectoryAreNamedInWords() {
        Path missing = dir.resolve("gone/app.log");
        IOException e = assertThrows(IOException.class, () -> Files.newOutputStream(missing));
        assertEquals("no such file or directory: " + missing, Reason.of(e)); // was "java.nio.file.NoSuchFileException: ..."
    }

    @Test
    void theSystemsOwnWordsAreKept() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        IOException e = assertThrows(IOException.class, () -> Files.createDirectories(file.resolve("sub")));
        assertEquals(file.resolve("sub") + ": Not a directory", Reason.of(e));
        IOException notEmpty = assertThrows(IOException.class, () -> Files.delete(dir));
        assertEquals("directory not empty: " + dir, Reason.of(notEmpty));
    }

    @Test
    void otherFailuresGiveTheirMessageOrSayInternalError() {
        assertEquals("timed out", Reason.of(new TimeoutException()));
        assertEquals("Is a directory", Reason.of(new IOException("Is a directory")));
        assertEquals("internal error", Reason.of(new NullPointerException()));
    }
}
