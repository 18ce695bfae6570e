package org.supervisordj.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoLogNamesTest {

    @TempDir
    Path dir;

    @Test
    void createsUniqueEmptyFilesNamedLikeSupervisord() throws IOException {
        Path a = AutoLogNames.create(dir, "web", "stdout", "supervisor");
        Path b = AutoLogNames.create(dir, "web", "stdout", "supervisor");
        assertNotEquals(a, b);
        assertEquals(dir, a.getParent());
        assertTrue(a.getFileName().toString().matches("web-stdout---supervisor-[a-z0-9_]{8}\\.log"), a.toString());
        assertEquals(0, Files.size(a));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a)));
    }

    @Test
    void rejectsUnknownChannelAndSlashes() {
        assertThrows(IllegalArgumentException.class, () -> AutoLogNames.create(dir, "web", "stdin", "supervisor"));
        assertThrows(IllegalArgumentException.class, () -> AutoLogNames.create(dir, "a/b", "stdout", "supervisor"));
    }

    @Test
    void cleanupDeletesAutoFilesAndBackupsOfThisIdentifierOnly() throws IOException {
        Path out = AutoLogNames.create(dir, "web", "stdout", "supervisor");
        Path err = AutoLogNames.create(dir, "worker_01", "stderr", "supervisor");
        Files.createFile(Path.of(out + ".1"));
        Files.createFile(Path.of(out + ".12"));
        Path other = AutoLogNames.create(dir, "web", "stdout", "other");
        List<Path> keep = List.of(
                other,
                Files.createFile(dir.resolve("web.log")),
                Files.createFile(dir.resolve("web-stdout---supervisor2-abcdefgh.log")),
                Files.createFile(dir.resolve("web-stdin---supervisor-abcdefgh.log")),
                Files.createFile(dir.resolve("web-stdout---supervisor-abcdefgh.log.bak")),
                Files.createDirectory(dir.resolve("web-stdout---supervisor-dir.log")));

        AutoLogNames.cleanup(dir, "supervisor");

        assertFalse(Files.exists(out));
        assertFalse(Files.exists(err));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(keep.stream().sorted().collect(Collectors.toList()),
                    left.sorted().collect(Collectors.toList()));
        }
    }

    @Test
    void cleanupOfAMissingDirectoryOnlyWarns() {
        AutoLogNames.cleanup(dir.resolve("missing"), "supervisor");
    }
}
