package org.supervisordj.ctl;

/** A failure that ends the command with one line on stderr and an exit status, never a stack trace. */
final class CtlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The status the process exits with. */
    final ExitStatus status;

    CtlException(ExitStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
