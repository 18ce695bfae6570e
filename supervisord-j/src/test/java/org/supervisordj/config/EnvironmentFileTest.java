package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentFileTest {

    @TempDir
    Path dir;

    @Test
    void readsAssignmentsQuotesExportAndComments() throws Exception {
        Path f = dir.resolve("a.env");
        Files.writeString(f, "# comment\n\nA=1\nexport B = two words\nC='lit $x \\n'\nD=\"q \\\"x\\\" \\\\ y\"\nE=\n");
        assertEquals(Map.of("A", "1", "B", "two words", "C", "lit $x \\n", "D", "q \"x\" \\ y", "E", ""),
                EnvironmentFile.read(f));
    }

    @Test
    void badLineIsNamedByNumberWithoutItsValue() throws Exception {
        Path f = dir.resolve("b.env");
        Files.writeString(f, "SECRET=hunter2\nnot an assignment hunter3\n");
        IOException e = assertThrows(IOException.class, () -> EnvironmentFile.read(f));
        assertTrue(e.getMessage().endsWith("b.env:2: not a KEY=value line"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter"));
    }

    @Test
    void worldReadableIsDetected() throws Exception {
        Path f = Files.writeString(dir.resolve("c.env"), "A=1\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(EnvironmentFile.isWorldReadable(f));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertFalse(EnvironmentFile.isWorldReadable(f));
    }

    @Test
    void unreadableFilesAreSaidInWordsAndBounded() throws Exception {
        Path missing = dir.resolve("missing.env");
        IOException e = assertThrows(IOException.class, () -> EnvironmentFile.read(missing));
        assertEquals(missing + ": no such file", e.getMessage()); // before: the bare path of NoSuchFileException
        e = assertThrows(IOException.class, () -> EnvironmentFile.read(Path.of("/dev/zero")));
        assertEquals("/dev/zero: not a regular file", e.getMessage());
        Path bad = dir.resolve("bad.env");
        java.nio.file.Files.write(bad, new byte[] {'A', '=', (byte) 0xff});
        e = assertThrows(IOException.class, () -> EnvironmentFile.read(bad));
        assertEquals(bad + ": not valid UTF-8 text", e.getMessage());
    }
}
