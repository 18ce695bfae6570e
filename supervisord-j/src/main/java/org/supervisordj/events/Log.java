package org.supervisordj.events;

import java.util.ArrayList;
import java.util.List;

import org.supervisordj.config.LogLevel;
import org.supervisordj.process.EngineLog;

/**
 * Log lines gathered while the bus's lock is held and written once it is released, so that a full
 * daemon log queue can never hold the lock (and with it the engine and the pipe pump).
 */
final class Log {

    private record Line(LogLevel level, String message) {
    }

    private final List<Line> lines = new ArrayList<>();

    void add(LogLevel level, String message) {
        lines.add(new Line(level, message));
    }

    /** Writes the gathered lines to {@code log}; call without the lock. */
    void writeTo(EngineLog log) {
        for (Line l : lines) log.log(l.level(), l.message());
        lines.clear();
    }
}
