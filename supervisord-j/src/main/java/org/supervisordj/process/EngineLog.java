package org.supervisordj.process;

import org.supervisordj.config.LogLevel;

/** Where the engine writes its supervisord-worded log lines; called on the engine thread, must not block long. */
public interface EngineLog {
    /** Logs {@code message} at {@code level}. */
    void log(LogLevel level, String message);
}
