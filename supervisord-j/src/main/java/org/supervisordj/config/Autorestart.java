package org.supervisordj.config;

/** supervisord's {@code autorestart}: when an exit from RUNNING is followed by a new start. */
public enum Autorestart {
    /** Never restart. */
    FALSE,
    /** Restart when the exit status is not one of {@code exitcodes}. */
    UNEXPECTED,
    /** Always restart. */
    TRUE;

    /** Returns the config spelling: "false", "unexpected" or "true". */
    public String configValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
