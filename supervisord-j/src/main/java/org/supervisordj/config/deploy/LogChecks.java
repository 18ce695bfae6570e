package org.supervisordj.config.deploy;

import org.supervisordj.config.LogTarget;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.config.StreamLogConfig;
import org.supervisordj.config.SupervisordConfig;

/**
 * deploy.W011: a log file that never rotates ({@code *_maxbytes=0}) grows until the disk is full,
 * and a full disk stops more than logging. Devices and pipes ({@code /dev/stdout}) are exempt: they
 * are not rotated, by design.
 */
final class LogChecks {

    private LogChecks() {
    }

    static void check(ProgramConfig c, Findings f) {
        stream(c, "stdout", c.stdout(), f);
        if (!c.redirectStderr()) stream(c, "stderr", c.stderr(), f);
    }

    static void checkSupervisord(SupervisordConfig s, Findings f) {
        if (s.logfileMaxbytes() != 0 || s.logfile() == null || s.logfile().equals("syslog") || isDevice(s.logfile())) return;
        f.add(DeployCheck.W011, "supervisord", f.writtenOr("supervisord", "logfile_maxbytes", "logfile"),
                s.logfile() + " is never rotated (logfile_maxbytes=0) and grows until the disk is full",
                "logfile_maxbytes=50MB (with logfile_backups=), or rotate it with logrotate and deploy_skip=W011");
    }

    private static void stream(ProgramConfig c, String name, StreamLogConfig s, Findings f) {
        if (s.maxbytes() != 0 || s.logfile().kind() == LogTarget.Kind.NONE) return;
        String path = s.logfile().kind() == LogTarget.Kind.AUTO ? "its AUTO " + name + " log" : s.logfile().path();
        if (s.logfile().kind() == LogTarget.Kind.FILE && isDevice(path)) return;
        String section = "program:" + c.program();
        String key = name + "_logfile_maxbytes";
        f.add(DeployCheck.W011, section, f.writtenOr(section, key, name + "_logfile"),
                path + " is never rotated (" + key + "=0) and grows until the disk is full",
                key + "=50MB (with " + name + "_logfile_backups=), or rotate it with logrotate (postrotate: kill -USR2 the daemon, which "
                        + "reopens its logs) and deploy_skip=W011");
    }

    private static boolean isDevice(String path) {
        return path.startsWith("/dev/") || path.startsWith("/proc/");
    }
}
