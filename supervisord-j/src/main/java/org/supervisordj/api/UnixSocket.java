package org.supervisordj.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;

/** The file side of {@code [unix_http_server]}: stale socket removal before bind, chmod/chown before anyone can connect. */
final class UnixSocket {

    private static final SecureRandom RANDOM = new SecureRandom();

    private UnixSocket() {
    }

    /**
     * Removes a socket file left by a dead daemon. A socket something still answers on belongs to a
     * live daemon, and a file that is not a socket is not ours to delete: both refuse the start.
     */
    static void removeStale(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) return;
        if (!Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new IllegalStateException("[unix_http_server] file=" + socket
                    + " exists and is not a socket; refusing to replace it");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException e) {
            Files.deleteIfExists(socket); // nobody listens: left over by a daemon that died
            return;
        }
        throw new IllegalStateException("[unix_http_server] file=" + socket
                + " is in use: another daemon is listening on it (stop it, or choose another file=)");
    }

    /**
     * A socket bound in a private 0700 directory next to its final path: nobody but us can connect
     * while it still has the umask's mode, and {@link #publish} renames it into place only once it
     * has its {@code chmod=} and {@code chown=}. (A restrictive umask around bind would do too, but
     * umask(2) is process-wide and would race with log files and children being created meanwhile.)
     */
    static final class Staged {
        private final Path socket;
        private final Path directory;
        private final Path staged;

        private Staged(Path socket, Path directory) {
            this.socket = socket;
            this.directory = directory;
            this.staged = directory.resolve("s"); // short: sockets' paths are limited to 107 bytes
        }

        /** Returns where to bind. */
        Path path() {
            return staged;
        }

        /** Applies the mode and owner to the bound socket, then moves it to its final path. */
        void publish(int mode, String chown) throws IOException {
            try {
                secure(staged, mode, chown);
                Files.move(staged, socket, StandardCopyOption.ATOMIC_MOVE); // rename(2) keeps mode and owner
            } finally {
                abandon();
            }
        }

        /** Removes the directory and whatever is still in it (a failed start). */
        void abandon() {
            try {
                Files.deleteIfExists(staged);
                Files.deleteIfExists(directory);
            } catch (IOException ignored) {
                // a leftover empty directory is harmless; the next start makes another
            }
        }
    }

    /** Creates the private directory to bind {@code socket} in, beside it so the rename stays on one filesystem. */
    static Staged stage(Path socket) throws IOException {
        Path parent = socket.getParent();
        for (int attempt = 0; ; attempt++) {
            Path dir = parent.resolve(".sj" + Integer.toHexString(RANDOM.nextInt(1 << 16, 1 << 20)));
            try {
                // mkdir(2) with mode 0700: the umask can only take bits away.
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                return new Staged(socket, dir);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 20) throw e;
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IOException("[unix_http_server] file=" + socket + ": no directory " + parent, e);
            } catch (java.nio.file.AccessDeniedException e) {
                throw new IOException("[unix_http_server] file=" + socket + ": can't create files in " + parent
                        + " (permission denied)", e);
            }
        }
    }

    /** Applies {@code chmod=} and {@code chown=} to {@code socket}. */
    private static void secure(Path socket, int mode, String chown) throws IOException {
        Files.setPosixFilePermissions(socket, permissions(mode));
        if (chown == null || chown.isEmpty()) return;
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        int colon = chown.indexOf(':');
        String user = colon < 0 ? chown : chown.substring(0, colon);
        PosixFileAttributeView view = Files.getFileAttributeView(socket, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        try {
            UserPrincipal owner = lookup.lookupPrincipalByName(user);
            view.setOwner(owner);
            if (colon >= 0 && colon + 1 < chown.length()) {
                GroupPrincipal group = lookup.lookupPrincipalByGroupName(chown.substring(colon + 1));
                view.setGroup(group);
            }
        } catch (UserPrincipalNotFoundException e) {
            throw new IOException("[unix_http_server] chown=" + chown + ": no user or group named '" + e.getName() + "'", e);
        }
    }

    /** Converts an octal mode such as 0700 to permissions (setuid/setgid/sticky bits are ignored). */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) set.add(order[bit]);
        }
        return set;
    }
}
