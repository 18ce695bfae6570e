package org.supervisordj.logging;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/** supervisord's {@code AUTO} child log files: {@code <name>-<channel>---<identifier>-<random>.log}. */
public final class AutoLogNames {

    private static final System.Logger LOG = System.getLogger(AutoLogNames.class.getName());
    // mkstemp's alphabet and length, so that names look exactly like supervisord's.
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_";
    private static final int RANDOM_CHARS = 8;
    private static final int MAX_TRIES = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AutoLogNames() {
    }

    /**
     * Creates a new empty, uniquely named log file in {@code childlogdir} (mode 0600, like mkstemp).
     *
     * @param channel {@code stdout} or {@code stderr}
     */
    public static Path create(Path childlogdir, String processName, String channel, String identifier)
            throws IOException {
        if (!channel.equals("stdout") && !channel.equals("stderr")) {
            throw new IllegalArgumentException("channel must be stdout or stderr: " + channel);
        }
        if (processName.contains("/") || identifier.contains("/")) {
            throw new IllegalArgumentException(
                    "process name and identifier must not contain '/': " + processName + ", " + identifier);
        }
        String prefix = processName + "-" + channel + "---" + identifier + "-";
        for (int i = 0; i < MAX_TRIES; i++) {
            Path candidate = childlogdir.resolve(prefix + randomChars() + ".log");
            try {
                // CREATE_NEW (O_EXCL) is what makes the name ours, as in mkstemp.
                return Files.createFile(candidate, ownerOnly(childlogdir));
            } catch (FileAlreadyExistsException e) {
                // Taken: draw another name.
            }
        }
        throw new IOException("no unused AUTO log name in " + childlogdir + " after " + MAX_TRIES + " tries");
    }

    /**
     * Deletes AUTO log files of {@code identifier} and their backups from {@code childlogdir}.
     *
     * <p>supervisord does this at startup unless {@code nocleanup}. Failures are logged, not thrown,
     * because a leftover file must not keep the daemon from starting.
     */
    public static void cleanup(Path childlogdir, String identifier) {
        Pattern auto = Pattern.compile(
                ".+-(stdout|stderr)---" + Pattern.quote(identifier) + "-[^/]+\\.log(\\.\\d+)?");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(childlogdir)) {
            for (Path entry : entries) {
                if (auto.matcher(entry.getFileName().toString()).matches() && Files.isRegularFile(entry)) {
                    deleteQuietly(entry);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not clear childlog dir " + childlogdir + " (" + Reason.of(e) + ")");
        }
    }

    private static void deleteQuietly(Path entry) {
        try {
            Files.deleteIfExists(entry);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Failed to clean up " + entry + " (" + Reason.of(e) + ")");
        }
    }

    private static String randomChars() {
        StringBuilder s = new StringBuilder(RANDOM_CHARS);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }
}
