package org.supervisordj.posix;

import static org.supervisordj.posix.Libc.C;

import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;

/** Creates and closes the pipes that carry a child's stdout and stderr. */
public final class Pipes {
    private static final int O_CLOEXEC = OpenFlags.O_CLOEXEC.intValue();
    private static final int F_SETPIPE_SZ = 1031; // Linux-only, not in jnr-constants' Fcntl
    private static final int EBADF = Errno.EBADF.intValue();
    private static final int EINTR = Errno.EINTR.intValue();

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
}
