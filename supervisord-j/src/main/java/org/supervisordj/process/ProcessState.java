package org.supervisordj.process;

/** Lifecycle state of one process instance; the codes are supervisord's, so API clients see the same numbers. */
public enum ProcessState {
    STOPPED(0), STARTING(10), RUNNING(20), BACKOFF(30), STOPPING(40), EXITED(100), FATAL(200), UNKNOWN(1000);

    private final int code;

    ProcessState(int code) {
        this.code = code;
    }

    /** Returns supervisord's numeric code for this state. */
    public int code() {
        return code;
    }

    /** Returns true for supervisord's STOPPED_STATES: no child of ours is alive. */
    public boolean isStopped() {
        return this == STOPPED || this == EXITED || this == FATAL || this == UNKNOWN;
    }

    /** Returns true for supervisord's RUNNING_STATES, in which a start request is refused as ALREADY_STARTED. */
    public boolean isRunning() {
        return this == RUNNING || this == BACKOFF || this == STARTING;
    }

    /** Returns true for supervisord's SIGNALLABLE_STATES: there is a live pid to signal. */
    public boolean isSignallable() {
        return this == RUNNING || this == STARTING || this == STOPPING;
    }
}
