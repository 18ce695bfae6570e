package org.supervisordj.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Set;

/** The file side of {@code [unix_http_server]}: stale socket removal before bind, chmod/chown after. */
final class UnixSocket {

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
     * Applies {@code chmod=} and {@code chown=} to the bound socket. There is a short window after
     * bind with the umask's mode; connect(2) needs write permission on the socket, which the usual
     * umask (022) already denies to others, and the socket should live in a directory only its
     * users can enter anyway.
     */
    static void secure(Path socket, int mode, String chown) throws IOException {
        Files.setPosixFilePermissions(socket, permissions(mode));
        if (chown == null || chown.isEmpty()) return;
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        int colon = chown.indexOf(':');
        String user = colon < 0 ? chown : chown.substring(0, colon);
        PosixFileAttributeView view = Files.getFileAttributeView(socket, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        UserPrincipal owner = lookup.lookupPrincipalByName(user);
        view.setOwner(owner);
        if (colon >= 0 && colon + 1 < chown.length()) {
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(chown.substring(colon + 1));
            view.setGroup(group);
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
