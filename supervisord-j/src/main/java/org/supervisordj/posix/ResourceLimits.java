package org.supervisordj.posix;

import static org.supervisordj.posix.Libc.C;

import jnr.constants.platform.RLIMIT;

/**
 * supervisord's {@code minfds}/{@code minprocs}: raise the soft limit (and, as root, the hard one)
 * to a minimum that the daemon and, by inheritance, its children need; refuse when impossible.
 */
public final class ResourceLimits {
    public static final int NPROC = RLIMIT.RLIMIT_NPROC.intValue();
    public static final int NOFILE = RLIMIT.RLIMIT_NOFILE.intValue();
    private static final long INFINITY = -1L; // RLIM_INFINITY is the all-ones rlim_t

    private ResourceLimits() {
    }

    /** Returns {soft, hard} of {@code resource}; -1 means unlimited. */
    public static long[] get(int resource) throws PosixException {
        long[] rlim = new long[2];
        if (C.getrlimit(resource, rlim) != 0) throw new PosixException("getrlimit", Libc.errno(), "resource " + resource);
        return rlim;
    }

    /**
     * Raises the soft limit to the hard one (the JVM's -XX:+MaxFDLimit does this for NOFILE too, but
     * only by default): the control API's connection caps and the children's pipes are sized from
     * it. Returns the limits now in force; unchanged when the hard limit is unlimited, which Linux
     * refuses for NOFILE.
     */
    public static long[] raiseSoftToHard(int resource) throws PosixException {
        long[] rlim = get(resource);
        if (rlim[0] == rlim[1] || rlim[1] == INFINITY) return rlim;
        long[] wanted = {rlim[1], rlim[1]};
        if (C.setrlimit(resource, wanted) != 0) {
            throw new PosixException("setrlimit", Libc.errno(), "resource " + resource + " to its hard limit " + rlim[1]);
        }
        return wanted;
    }

    /**
     * Makes the soft limit at least {@code minimum}, raising the hard limit too when it is lower
     * (which only root may do); returns the limits now in force.
     */
    public static long[] raiseTo(int resource, long minimum) throws PosixException {
        long[] rlim = get(resource);
        if (rlim[0] == INFINITY || rlim[0] >= minimum) return rlim;
        long hard = rlim[1] == INFINITY || rlim[1] >= minimum ? rlim[1] : minimum;
        long[] wanted = {minimum, hard};
        if (C.setrlimit(resource, wanted) != 0) {
            throw new PosixException("setrlimit", Libc.errno(), "resource " + resource + " to " + minimum
                    + " (hard limit " + (rlim[1] == INFINITY ? "unlimited" : rlim[1]) + ")");
        }
        return wanted;
    }
}
