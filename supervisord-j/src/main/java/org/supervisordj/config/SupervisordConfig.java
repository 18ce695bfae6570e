package org.supervisordj.config;

import java.util.Map;

/** The {@code [supervisord]} section, expanded and validated; paths are absolute. */
public record SupervisordConfig(
        String logfile, long logfileMaxbytes, int logfileBackups, LogLevel loglevel, String pidfile,
        int umask, boolean nodaemon, boolean silent, int minfds, int minprocs, boolean nocleanup,
        String childlogdir, String user, String directory, boolean stripAnsi,
        Map<String, String> environment, String identifier, boolean logTimestamps,
        boolean jsonLog) {

    public SupervisordConfig {
        environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
    }

    /** Redacts environment values. */
    @Override
    public String toString() {
        return "SupervisordConfig[logfile=" + logfile + ", pidfile=" + pidfile + ", environment keys="
                + environment.keySet() + "]";
    }
}
