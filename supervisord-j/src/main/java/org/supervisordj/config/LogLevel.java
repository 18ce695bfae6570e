package org.supervisordj.config;

/** supervisord's log levels with its numbers; lower numbers are more verbose. */
public enum LogLevel {
    CRITICAL(50), ERROR(40), WARN(30), INFO(20), DEBUG(10), TRACE(5), BLATHER(3);

    private final int severity;

    LogLevel(int severity) {
        this.severity = severity;
    }

    /** Returns supervisord's numeric level. */
    public int severity() {
        return severity;
    }

    /** Returns true if a message at {@code level} is shown when this is the configured level. */
    public boolean allows(LogLevel level) {
        return level.severity >= severity;
    }

    /** Returns the config spelling, e.g. "warn". */
    public String configValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static LogLevel byName(String name) {
        for (LogLevel l : values()) if (l.configValue().equals(name)) return l;
        return null;
    }
}
