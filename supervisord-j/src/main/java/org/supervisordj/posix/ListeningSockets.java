package org.supervisordj.posix;

import static org.supervisordj.posix.Libc.C;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Creates the listening sockets the daemon holds and hands to its children (fcgi-program's fd 0,
 * listen_sockets' fd 3...), as supervisord's datatypes.*StreamSocketConfig.create_and_bind do:
 * TCP with SO_REUSEADDR over IPv4, Unix sockets with the old file unlinked first and then chown, chmod.
 * Every fd is close-on-exec: the spawner dup2s it onto the child's number, and no other child gets it.
 */
public final class ListeningSockets {
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SUN_PATH = 108;
    /** Python's socket.SOMAXCONN, supervisord's backlog when none is configured; the kernel caps it. */
    public static final int SOMAXCONN = 4096;

    private ListeningSockets() {
    }

    /** Binds and listens on {@code host:port} (the host resolved to its first IPv4 address); returns the fd. */
    public static int openTcp(String host, int port, int backlog) throws PosixException, IOException {
        byte[] ip = ipv4(host);
        int fd = socket(AF_INET);
        try {
            if (C.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, new int[] {1}, 4) != 0) {
                throw new PosixException("setsockopt", Libc.errno(), "SO_REUSEADDR");
            }
            Pointer addr = Memory.allocateDirect(Libc.RUNTIME, 16, true);
            addr.putShort(0, (short) AF_INET); // sin_family: host order
            addr.putByte(2, (byte) (port >> 8)); // sin_port: network order
            addr.putByte(3, (byte) port);
            addr.put(4, ip, 0, 4);
            bindAndListen(fd, addr, 16, backlog, host + ":" + port);
            return fd;
        } catch (PosixException | RuntimeException e) {
            Pipes.close(fd);
            throw e;
        }
    }

    /**
     * Binds and listens on the Unix socket {@code path}, replacing a file already there, then sets its
     * owner ({@code uid} null: unchanged; {@code gid} -1: unchanged) and mode; returns the fd.
     */
    public static int openUnix(String path, Integer uid, int gid, int mode, int backlog) throws PosixException, IOException {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH) throw new IOException("Unix socket path is longer than " + (SUN_PATH - 1) + " bytes: " + path);
        Files.deleteIfExists(Path.of(path));
        int fd = socket(AF_UNIX);
        try {
            Pointer addr = Memory.allocateDirect(Libc.RUNTIME, 2 + SUN_PATH, true);
            addr.putShort(0, (short) AF_UNIX);
            addr.put(2, name, 0, name.length);
            bindAndListen(fd, addr, 2 + name.length + 1, backlog, path);
            setOwnerAndMode(path, uid, gid, mode);
            return fd;
        } catch (PosixException | RuntimeException e) {
            Pipes.close(fd);
            Files.deleteIfExists(Path.of(path));
            throw e;
        }
    }

    /** Changes a held socket's backlog in place (listen(2) again), without closing it. */
    public static void relisten(int fd, int backlog) throws PosixException {
        if (C.listen(fd, backlog) != 0) throw new PosixException("listen", Libc.errno(), null);
    }

    /** Sets a Unix socket file's owner and mode, in place. */
    public static void setOwnerAndMode(String path, Integer uid, int gid, int mode) throws PosixException {
        if (uid != null && C.chown(path, uid, gid) != 0) {
            throw new PosixException("chown", Libc.errno(), "could not change ownership of socket file " + path);
        }
        if (C.chmod(path, mode) != 0) {
            throw new PosixException("chmod", Libc.errno(), "could not change permissions of socket file " + path);
        }
    }

    /** Closes a held socket; the children that have it keep their copies. */
    public static void close(int fd) {
        Pipes.close(fd);
    }

    private static int socket(int family) throws PosixException {
        int fd = C.socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw new PosixException("socket", Libc.errno(), null);
        return fd;
    }

    private static void bindAndListen(int fd, Pointer addr, int len, int backlog, String what) throws PosixException {
        if (C.bind(fd, addr, len) != 0) throw new PosixException("bind", Libc.errno(), what);
        if (C.listen(fd, backlog) != 0) throw new PosixException("listen", Libc.errno(), what);
    }

    private static byte[] ipv4(String host) throws IOException {
        for (InetAddress a : InetAddress.getAllByName(host)) {
            if (a instanceof Inet4Address) return a.getAddress();
        }
        throw new IOException("no IPv4 address for " + host);
    }
}
