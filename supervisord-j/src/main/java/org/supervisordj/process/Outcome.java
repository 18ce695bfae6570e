package org.supervisordj.process;

import org.supervisordj.config.LogLevel;

/**
 * A log line a transition asks the engine to write, in supervisord's wording.
 *
 * @param level   the level supervisord uses for it
 * @param message the text, e.g. {@code exited: web (exit status 1; not expected)}
 */
public record Outcome(LogLevel level, String message) {
}
