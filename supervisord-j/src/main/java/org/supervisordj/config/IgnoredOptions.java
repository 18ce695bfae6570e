package org.supervisordj.config;

import java.util.Map;

/**
 * Warns about every option supervisord-j reads but does not act on, at the line that sets it, so no
 * setting silently does nothing: the warning reaches {@code check} and the daemon's log at start-up
 * and reload. Only values that ask for something are warned about (nodaemon=false, not =true).
 */
final class IgnoredOptions {
    private final Map<String, MergedSection> sections;
    private final Problems problems;

    IgnoredOptions(Map<String, MergedSection> sections, Problems problems) {
        this.sections = sections;
        this.problems = problems;
    }

    void check(SupervisordConfig supervisord) {
        if (supervisord != null) {
            if (written("supervisord", "nodaemon") && !supervisord.nodaemon()) {
                warn("supervisord", "nodaemon", "nodaemon=false is ignored: supervisord-j always runs in the foreground "
                        + "(let systemd or your init system run it in the background)");
            }
        }
        // [supervisorctl] prompt and history_file: ctl's shell honours both, as supervisorctl does.
    }

    private boolean written(String section, String key) {
        MergedSection s = sections.get(section);
        return s != null && s.get(key) != null;
    }

    private void warn(String section, String key, String message) {
        MergedSection s = sections.get(section);
        if (s == null) return;
        IniEntry at = s.get(key) != null ? s.get(key) : s.defaultAt(key, null);
        problems.add(ConfigProblem.warning(at, section, message));
    }
}
