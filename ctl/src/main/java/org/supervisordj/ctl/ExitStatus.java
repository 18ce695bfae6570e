package org.supervisordj.ctl;

/**
 * The exit codes of {@code ctl}: supervisorctl's {@code LSBInitExitStatuses} and
 * {@code LSBStatusExitStatuses}, plus one code of our own for a daemon that cannot be reached.
 */
public enum ExitStatus {
    /** Everything asked for was done (for start: already started; for stop: not running). */
    SUCCESS(0),
    /** A generic error: a fault the other codes do not cover, 401, a bad answer. */
    GENERIC(1),
    /** Invalid arguments (picocli's usage errors too); start of an unknown group. */
    INVALID_ARGS(2),
    /** {@code status}: a shown process is STOPPED, EXITED, FATAL or UNKNOWN (LSB "not running"). */
    STATUS_NOT_RUNNING(3),
    /** {@code status}: a name matched no process (LSB "unknown"). */
    STATUS_UNKNOWN(4),
    /** start/stop/signal: SPAWN_ERROR, ABNORMAL_TERMINATION or NOT_RUNNING; pid of a stopped process. */
    NOT_RUNNING(7),
    /**
     * The daemon could not be reached: no socket file, connection refused, host unreachable.
     * supervisorctl mixes 4 and 7 here, which collide with its other meanings; this is sysexits.h's
     * EX_UNAVAILABLE so scripts can tell "daemon down" from every process-level answer.
     */
    UNAVAILABLE(69);

    /** The number the process exits with. */
    public final int code;

    ExitStatus(int code) {
        this.code = code;
    }
}
