package org.supervisordj.events;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The listener and client scripts of this package's resources, put into a test's daemon directory. */
final class Scripts {

    private Scripts() {
    }

    /** Copies each of {@code names} into {@code dir} (created if need be), executable. */
    static void copy(Path dir, String... names) throws IOException {
        Files.createDirectories(dir);
        for (String name : names) {
            Path out = dir.resolve(name);
            try (InputStream in = Scripts.class.getResourceAsStream(name)) {
                if (in == null) throw new IOException("no resource " + name);
                Files.copy(in, out);
            }
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** The configuration text with DIR replaced by {@code dir}. */
    static String in(Path dir, String config) {
        return config.replace("DIR", dir.toString());
    }
}
