package org.supervisordj.config;

import java.nio.file.Path;

/**
 * An error or warning about a configuration, located as precisely as the input allows.
 *
 * @param severity whether the configuration is still usable
 * @param file     the file, or null when the problem is not tied to one
 * @param line     the 1-based line, or 0 when unknown
 * @param section  the section name without brackets, or null
 * @param key      the option name, or null
 * @param message  what is wrong and, where possible, what to do
 */
public record ConfigProblem(Severity severity, Path file, int line, String section, String key, String message) {

    /** A message or name longer than this is cut: whatever a value holds, a report stays readable. */
    private static final int MAX_CHARS = 1000;

    public ConfigProblem {
        if (message.length() > MAX_CHARS) message = message.substring(0, MAX_CHARS) + "…";
        if (section != null) section = Limits.quoted(section);
        if (key != null) key = Limits.quoted(key);
    }

    /** Whether a problem makes the configuration unusable. */
    public enum Severity { ERROR, WARNING }

    static ConfigProblem error(IniEntry at, String section, String message) {
        return new ConfigProblem(Severity.ERROR, at.file(), at.line(), section, at.key(), message);
    }

    static ConfigProblem warning(IniEntry at, String section, String message) {
        return new ConfigProblem(Severity.WARNING, at.file(), at.line(), section, at.key(), message);
    }

    /** Returns true for an error. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** Formats as {@code file:line: [section] key: message}, the shape compilers and nginx -t use. */
    @Override
    public String toString() {
        return location(file, line, section, key).append(message).toString();
    }

    /** The {@code file:line: [section] key: } prefix every located message starts with; null parts are left out. */
    public static StringBuilder location(Path file, int line, String section, String key) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) sb.append(':').append(line);
            sb.append(": ");
        }
        if (section != null) sb.append('[').append(section).append("] ");
        if (key != null) sb.append(key).append(": ");
        return sb;
    }
}
