package org.supervisordj.process;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Fails a request the engine can no longer carry out: its loop has ended, after a shutdown or
 * because it failed. The message is fit for users (no class names); the cause, if any, is why it failed.
 */
public final class EngineStoppedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final boolean failed;
    private final String what;

    private EngineStoppedException(String message, Throwable cause, boolean failed, String what) {
        super(message, cause);
        this.failed = failed;
        this.what = what;
    }

    /** After a clean shutdown. */
    static EngineStoppedException shutDown() {
        return new EngineStoppedException("the daemon has shut down", null, false, null);
    }

    /** After {@code what} (the supervisor thread, the pipe pump...) died of {@code cause}. */
    static EngineStoppedException failed(String what, Throwable cause) {
        return new EngineStoppedException(what + " failed; the daemon is stopping its programs and exiting", cause, true,
                what);
    }

    /** Returns the daemon log's line for a failure: what died, of what (with its stack), and what happens next. */
    String logLine() {
        Throwable cause = getCause() == null ? this : getCause();
        StringWriter trace = new StringWriter();
        cause.printStackTrace(new PrintWriter(trace));
        return what + " died (" + cause + "); stopping every program and exiting\n" + trace.toString().stripTrailing();
    }

    /** Returns true if the engine ended because something failed, not by a shutdown. */
    public boolean failed() {
        return failed;
    }
}
