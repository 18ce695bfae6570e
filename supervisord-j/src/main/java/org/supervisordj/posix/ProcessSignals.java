package org.supervisordj.posix;

import static org.supervisordj.posix.Libc.C;

import jnr.constants.platform.Errno;

/** Sends signals to children and groups, and sets process-wide attributes of the daemon. */
public final class ProcessSignals {
    private static final int ESRCH = Errno.ESRCH.intValue();
    private static final int PR_SET_CHILD_SUBREAPER = 36; // <linux/prctl.h>; jnr-constants has no prctl options
    private static final long SIG_DFL = 0; // <signal.h>: the default action; SIG_ERR is what signal() returns on failure
    private static final long SIG_ERR = -1;

    private ProcessSignals() {
    }

    /** Sends {@code sig} to {@code pid}; returns false if no such process exists (ESRCH), throws on other errors. */
    public static boolean kill(int pid, int sig) throws PosixException {
        // pid 0, -1 or a negative pid would hit our own group or every process we may signal.
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be > 0: " + pid);
        }
        return send(pid, sig);
    }

    /** Sends {@code sig} to every process in group {@code pgid}; returns false if the group is empty (ESRCH). */
    public static boolean killGroup(int pgid, int sig) throws PosixException {
        if (pgid <= 1) {
            throw new IllegalArgumentException("process group must be > 1: " + pgid);
        }
        return send(-pgid, sig);
    }

    private static boolean send(int target, int sig) throws PosixException {
        if (C.kill(target, sig) == 0) {
            return true;
        }
        int errno = Libc.errno();
        if (errno == ESRCH) {
            return false;
        }
        throw new PosixException("kill", errno, "pid " + target + ", SIG" + Signals.name(sig));
    }

    /**
     * Sets {@code sig} back to its default action. A daemon started with a signal ignored (nohup ignores
     * HUP) inherits that, and the JVM then quietly declines to install a handler for HUP, INT or TERM.
     */
    public static void restoreDefault(int sig) throws PosixException {
        if (C.signal(sig, SIG_DFL) == SIG_ERR) {
            throw new PosixException("signal", Libc.errno(), "SIG" + Signals.name(sig) + " to SIG_DFL");
        }
    }

    /** Makes orphaned descendants re-parent to this process, so the reaper sees and reaps them. */
    public static void becomeSubreaper() throws PosixException {
        if (C.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
            throw new PosixException("prctl(PR_SET_CHILD_SUBREAPER)", Libc.errno(), null);
        }
    }

    /** Sets the daemon's umask, which children and the log files it creates inherit; returns the old one. */
    public static int setUmask(int mask) {
        if (mask < 0 || mask > 0777) {
            throw new IllegalArgumentException("umask must be within 0..0777: " + Integer.toOctalString(mask));
        }
        return C.umask(mask);
    }

    /** Returns this process's pid. */
    public static int getpid() {
        return C.getpid();
    }

    /** Returns this process's effective uid. */
    public static int geteuid() {
        return C.geteuid();
    }

    /** Returns true if the effective uid is 0. */
    public static boolean isRoot() {
        return C.geteuid() == 0;
    }
}
