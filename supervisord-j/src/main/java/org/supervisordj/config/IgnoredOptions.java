package org.supervisordj.config;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Warns about every option supervisord-j reads but does not act on, at the line that sets it, so no
 * setting silently does nothing: the warning reaches {@code check} and the daemon's log at start-up
 * and reload. Only values that ask for something are warned about (stdout_syslog=true, not =false).
 */
final class IgnoredOptions {
    private static final String NO_CAPTURE = "supervisord-j has no capture mode yet";

    private final Map<String, MergedSection> sections;
    private final Problems problems;
    private final Set<ConfigProblem> reported = new HashSet<>(); // numprocs instances share one line

    IgnoredOptions(Map<String, MergedSection> sections, Problems problems) {
        this.sections = sections;
        this.problems = problems;
    }

    void check(SupervisordConfig supervisord, List<GroupConfig> groups, SupervisorctlConfig ctl) {
        if (supervisord != null) {
            if (written("supervisord", "nodaemon") && !supervisord.nodaemon()) {
                warn("supervisord", "nodaemon", "nodaemon=false is ignored: supervisord-j always runs in the foreground "
                        + "(let systemd or your init system run it in the background)");
            }
            if ("syslog".equals(supervisord.logfile())) {
                warn("supervisord", "logfile", "logfile=syslog: supervisord-j does not log to syslog yet; its log goes to "
                        + "stderr (the journal, under systemd)");
            }
        }
        for (GroupConfig g : groups) {
            for (ProgramConfig c : g.processes()) {
                String section = (g.isListenerPool() ? "eventlistener:" : "program:") + c.program();
                stream(section, "stdout", c.stdout());
                if (!c.redirectStderr()) stream(section, "stderr", c.stderr());
            }
        }
        // [supervisorctl] prompt and history_file: ctl's shell honours both, as supervisorctl does.
    }

    private void stream(String section, String name, StreamLogConfig s) {
        if (s.syslog()) {
            String key = written(section, name + "_syslog") ? name + "_syslog" : name + "_logfile";
            warn(section, key, name + " to syslog is ignored: supervisord-j does not send program output to syslog yet"
                    + (s.logfile().kind() == LogTarget.Kind.NONE ? "; this output is discarded (no file to write it to)"
                    : "; it goes to " + name + "_logfile only"));
        }
        if (s.captureMaxbytes() > 0) {
            warn(section, name + "_capture_maxbytes", name + "_capture_maxbytes is ignored: " + NO_CAPTURE
                    + " (no PROCESS_COMMUNICATION events; the tokens stay in the log)");
        }
    }

    private boolean written(String section, String key) {
        MergedSection s = sections.get(section);
        return s != null && s.get(key) != null;
    }

    private void warn(String section, String key, String message) {
        MergedSection s = sections.get(section);
        if (s == null) return;
        IniEntry at = s.get(key) != null ? s.get(key) : s.defaultAt(key, null);
        ConfigProblem p = ConfigProblem.warning(at, section, message);
        if (reported.add(p)) problems.add(p);
    }
}
