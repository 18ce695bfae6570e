package org.supervisordj.posix;

/** A failed native call, naming the call and its errno both by number and by name. */
public final class PosixException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /** Creates an exception for {@code call} failing with {@code errno}; {@code context} may be null. */
    public PosixException(String call, int errno, String context) {
        super(call + " failed: " + Libc.errnoName(errno) + " (errno " + errno + ")"
                + (context == null ? "" : ": " + context));
        this.call = call;
        this.errno = errno;
    }

    /** Returns the name of the failed call, e.g. "kill". */
    public String call() {
        return call;
    }

    /** Returns the errno number. */
    public int errno() {
        return errno;
    }

    /** Returns the errno name, e.g. "EPERM". */
    public String errnoName() {
        return Libc.errnoName(errno);
    }
}
