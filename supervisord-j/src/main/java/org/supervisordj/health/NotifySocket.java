package org.supervisordj.health;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Consumer;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;

/**
 * One child's NOTIFY_SOCKET: an abstract-namespace Unix datagram socket (JDK 17 has no Unix datagram
 * channel, so it is made with socket(2) and bind(2) through jnr-ffi). Its fd is read like a pipe by the
 * pipe pump, one datagram per read; {@link #close()} shuts its reading side down, which the pump sees
 * as end of file and then closes the fd. The abstract name leaves nothing on disk to clean up after a
 * crash.
 *
 * <p>An abstract name has no permissions and is listed in /proc/net/unix for every local user to see,
 * so the socket takes the sender's credentials from the kernel (SO_PASSCRED) with each datagram, as
 * systemd does, and drops those from any uid but root and the ones given to {@link #bind}: another
 * user could otherwise make a program RUNNING early with {@code READY=1}, or keep a hung one alive
 * with {@code WATCHDOG=1}.
 */
public final class NotifySocket {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SHUT_RD = 0;
    private static final int SUN_PATH_MAX = 108;
    private static final int SOL_SOCKET = 1;
    private static final int SO_PASSCRED = 16;
    private static final int SCM_CREDENTIALS = 2;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    /** systemd's own limit on a notify message (NOTIFY_BUFFER_MAX); longer ones are cut, as it does. */
    static final int DATAGRAM_MAX = 4096;
    // struct msghdr (LP64 Linux): name 0, namelen 8, iov 16, iovlen 24, control 32, controllen 40, flags 48
    private static final int MSGHDR_SIZE = 56;
    // struct cmsghdr: len 0 (size_t), level 8, type 12, data 16; struct ucred: pid, uid, gid
    private static final int CMSG_SPACE_UCRED = 32;

    /** What {@link #receive} returns for a datagram it dropped (a stranger's): read again. */
    public static final int DROPPED = -2;

    /** The libc calls this needs, bound on their own so as not to widen posix/'s interface. */
    public interface Calls {
        int socket(int domain, int type, int protocol);
        int bind(int fd, @In byte[] address, int length);
        int setsockopt(int fd, int level, int name, @In int[] value, int length);
        long recvmsg(int fd, Pointer msghdr, int flags);
        int shutdown(int fd, int how);
        int close(int fd);
    }

    private static final Calls C = LibraryLoader.create(Calls.class).load("c");

    private final int fd;
    private final String address;
    private final Set<Integer> senders;
    private final Consumer<String> refused;
    private boolean closed;
    private boolean refusedOnce;
    // receive() runs on the pump thread alone: one message header and buffer, reused
    private final Pointer msghdr;
    private final Pointer iovec;
    private final Pointer data;
    private final Pointer control;

    private NotifySocket(int fd, String address, Set<Integer> senders, Consumer<String> refused) {
        this.fd = fd;
        this.address = address;
        this.senders = senders;
        this.refused = refused;
        Runtime rt = Runtime.getRuntime(C);
        msghdr = Memory.allocateDirect(rt, MSGHDR_SIZE, true);
        iovec = Memory.allocateDirect(rt, 16, true);
        data = Memory.allocateDirect(rt, DATAGRAM_MAX);
        control = Memory.allocateDirect(rt, CMSG_SPACE_UCRED, true);
        iovec.putAddress(0, data.address());
        iovec.putLong(8, DATAGRAM_MAX);
        msghdr.putAddress(16, iovec.address());
        msghdr.putLong(24, 1);
    }

    /**
     * Creates and binds a socket at abstract name {@code name}; the child's NOTIFY_SOCKET is then
     * {@code @name}. Datagrams are accepted from root and from {@code senders} (uids); the first one
     * from anybody else is reported to {@code refused} (on the pump thread), and all of them dropped.
     *
     * @throws java.io.IOException with the errno when the kernel refuses
     */
    public static NotifySocket bind(String name, Set<Integer> senders, Consumer<String> refused)
            throws java.io.IOException {
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
        if (C.setsockopt(fd, SOL_SOCKET, SO_PASSCRED, new int[] {1}, 4) != 0) {
            int errno = errno();
            C.close(fd);
            throw new java.io.IOException("setsockopt(SO_PASSCRED) failed: errno " + errno);
        }
        return new NotifySocket(fd, "@" + name, Set.copyOf(senders), refused);
    }

    /**
     * Reads one datagram into {@code into} (the pump's reader): returns its length, 0 when none is
     * waiting, -1 once {@link #close()} has shut the socket, or {@link #DROPPED} for one from a
     * stranger. Only the kernel's credentials tell the end apart from an empty datagram: a sender's,
     * however empty, always has them.
     */
    public int receive(ByteBuffer into) throws java.io.IOException {
        while (true) {
            msghdr.putAddress(32, control.address());
            msghdr.putLong(40, CMSG_SPACE_UCRED);
            msghdr.putInt(48, 0);
            long n = C.recvmsg(fd, msghdr, MSG_DONTWAIT);
            if (n < 0) {
                int errno = errno();
                if (errno == EINTR) continue;
                if (errno == EAGAIN) return 0;
                throw new java.io.IOException("recvmsg on the notify socket " + address + " failed: errno " + errno);
            }
            long controlLength = msghdr.getLong(40);
            boolean credentials = controlLength >= 28 && control.getInt(8) == SOL_SOCKET
                    && control.getInt(12) == SCM_CREDENTIALS;
            if (!credentials) return n == 0 ? -1 : DROPPED;
            int pid = control.getInt(16);
            int uid = control.getInt(20);
            if (uid != 0 && !senders.contains(uid)) {
                if (!refusedOnce) {
                    refusedOnce = true;
                    refused.accept("uid " + uid + " (pid " + pid + ")");
                }
                return DROPPED;
            }
            int length = (int) Math.min(n, Math.min(DATAGRAM_MAX, into.remaining()));
            byte[] bytes = new byte[length];
            data.get(0, bytes, 0, length);
            into.put(bytes);
            return length;
        }
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
