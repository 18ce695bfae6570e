package org.supervisordj.health;

import java.nio.charset.StandardCharsets;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;

/**
 * One child's NOTIFY_SOCKET: an abstract-namespace Unix datagram socket (JDK 17 has no Unix datagram
 * channel, so it is made with socket(2) and bind(2) through jnr-ffi). Its fd is read like a pipe by the
 * pipe pump, one datagram per read; {@link #close()} shuts its reading side down, which the pump sees
 * as end of file and then closes the fd. The abstract name leaves nothing on disk to clean up after a
 * crash.
 */
public final class NotifySocket {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SHUT_RD = 0;
    private static final int SUN_PATH_MAX = 108;

    /** The libc calls this needs, bound on their own so as not to widen posix/'s interface. */
    public interface Calls {
        int socket(int domain, int type, int protocol);
        int bind(int fd, @In byte[] address, int length);
        int shutdown(int fd, int how);
        int close(int fd);
    }

    private static final Calls C = LibraryLoader.create(Calls.class).load("c");

    private final int fd;
    private final String address;
    private boolean closed;

    private NotifySocket(int fd, String address) {
        this.fd = fd;
        this.address = address;
    }

    /**
     * Creates and binds a socket at abstract name {@code name}; the child's NOTIFY_SOCKET is then
     * {@code @name}.
     *
     * @throws java.io.IOException with the errno when the kernel refuses
     */
    public static NotifySocket bind(String name) throws java.io.IOException {
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        if (path.length + 1 > SUN_PATH_MAX) throw new java.io.IOException("notify socket name too long: " + name);
        int fd = C.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) throw new java.io.IOException("socket(AF_UNIX, SOCK_DGRAM) failed: errno " + errno());
        byte[] sockaddr = new byte[2 + 1 + path.length]; // sun_family, then NUL: the abstract namespace
        sockaddr[0] = (byte) AF_UNIX; // little-endian sa_family_t
        System.arraycopy(path, 0, sockaddr, 3, path.length);
        if (C.bind(fd, sockaddr, sockaddr.length) != 0) {
            int errno = errno();
            C.close(fd);
            throw new java.io.IOException("bind(@" + name + ") failed: errno " + errno);
        }
        return new NotifySocket(fd, "@" + name);
    }

    /** Returns the fd, for the pipe pump, which reads it from now on. */
    public int fd() {
        return fd;
    }

    /** Returns the value of NOTIFY_SOCKET for the child. */
    public String address() {
        return address;
    }

    /** Stops receiving: the pump reads end of file and closes the fd. Idempotent. */
    public void close() {
        if (closed) return;
        closed = true;
        C.shutdown(fd, SHUT_RD);
    }

    /** Closes the fd itself, for a socket never handed to the pump. */
    public void closeUnregistered() {
        closed = true;
        C.close(fd);
    }

    private static int errno() {
        return Runtime.getRuntime(C).getLastError();
    }
}
