package org.supervisordj.posix;

import static org.supervisordj.posix.Libc.C;

import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;

/** Creates, writes and closes the pipes that carry a child's stdin, stdout and stderr. */
public final class Pipes {
    private static final int O_CLOEXEC = OpenFlags.O_CLOEXEC.intValue();
    private static final int F_SETPIPE_SZ = 1031; // Linux-only, not in jnr-constants' Fcntl
    private static final int EBADF = Errno.EBADF.intValue();
    private static final int EINTR = Errno.EINTR.intValue();
    private static final int EAGAIN = Errno.EAGAIN.intValue();
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int O_NONBLOCK = OpenFlags.O_NONBLOCK.intValue();

    private Pipes() {
    }

    /** Returns a new pipe as {read, write}, both close-on-exec so no other child inherits them. */
    public static int[] pipe2Cloexec() throws PosixException {
        // jnr-posix's pipe() lacks O_CLOEXEC, and setting it afterwards races with spawns.
        int[] fds = new int[2];
        if (C.pipe2(fds, O_CLOEXEC) != 0) {
            throw new PosixException("pipe2", Libc.errno(), null);
        }
        return fds;
    }

    /** Closes {@code fd}; a close of an fd that is not open is a bug and throws IllegalStateException. */
    public static void close(int fd) {
        if (C.close(fd) != 0) {
            int errno = Libc.errno();
            // EINTR: Linux has closed the fd anyway, and retrying could close someone else's.
            if (errno == EBADF) {
                throw new IllegalStateException("close(" + fd + "): EBADF, fd was not open (double close?)");
            } else if (errno != EINTR) {
                System.getLogger(Pipes.class.getName()).log(System.Logger.Level.WARNING,
                        "close(" + fd + ") failed: " + Libc.errnoName(errno));
            }
        }
    }

    /** Sets the capacity of the pipe behind {@code fd} (F_SETPIPE_SZ) and returns the size the kernel chose. */
    public static int setPipeSize(int fd, int bytes) throws PosixException {
        int size = C.fcntl(fd, F_SETPIPE_SZ, bytes);
        if (size < 0) {
            throw new PosixException("fcntl(F_SETPIPE_SZ)", Libc.errno(), "fd " + fd + ", " + bytes + " bytes");
        }
        return size;
    }

    /** Makes writes to {@code fd} fail with EAGAIN instead of blocking. */
    public static void setNonBlocking(int fd) throws PosixException {
        int flags = C.fcntl(fd, F_GETFL, 0);
        if (flags < 0 || C.fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
            throw new PosixException("fcntl(O_NONBLOCK)", Libc.errno(), "fd " + fd);
        }
    }

    /**
     * Writes what a non-blocking {@code fd} takes now of {@code bytes}; returns how many bytes were
     * written, 0 when the pipe is full. Throws PosixException (EPIPE: the reader has closed it).
     */
    public static int write(int fd, byte[] bytes) throws PosixException {
        while (true) {
            long n = C.write(fd, bytes, bytes.length);
            if (n >= 0) return (int) n;
            int errno = Libc.errno();
            if (errno == EAGAIN) return 0;
            if (errno != EINTR) throw new PosixException("write", errno, "fd " + fd);
        }
    }
}
