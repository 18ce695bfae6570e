package org.supervisordj.process;

import org.supervisordj.config.LogLevel;

/** Where the engine writes its supervisord-worded log lines; called on the engine thread, must not block long. */
public interface EngineLog {
    /** Logs {@code message} at {@code level}. */
    void log(LogLevel level, String message);

    /**
     * Logs {@code message}, a copy of something kept elsewhere (the debug echo of child output, which
     * its own log file has), unless the log cannot take it now: the pipe pump calls this, and a stalled
     * daemon log must not stop it reading children's pipes.
     */
    default void logIfRoom(LogLevel level, String message) {
        log(level, message);
    }
}
