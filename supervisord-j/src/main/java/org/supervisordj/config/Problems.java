package org.supervisordj.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every error and warning of one load, so all of them are reported in one run. */
final class Problems {
    private final List<ConfigProblem> all = new ArrayList<>();
    private final boolean hostChecksAreWarnings;

    Problems(boolean hostChecksAreWarnings) {
        this.hostChecksAreWarnings = hostChecksAreWarnings;
    }

    void error(IniEntry at, String section, String message) {
        all.add(ConfigProblem.error(at, section, message));
    }

    void warning(IniEntry at, String section, String message) {
        all.add(ConfigProblem.warning(at, section, message));
    }

    /** A problem that depends on this host (a missing user or directory): an error unless checking. */
    void hostDependent(IniEntry at, String section, String message) {
        if (hostChecksAreWarnings) warning(at, section, message + " (on this host)");
        else error(at, section, message);
    }

    void add(ConfigProblem p) {
        all.add(p);
    }

    void addAll(List<ConfigProblem> ps) {
        all.addAll(ps);
    }

    boolean hasErrors() {
        return all.stream().anyMatch(ConfigProblem::isError);
    }

    int errorCount() {
        return (int) all.stream().filter(ConfigProblem::isError).count();
    }

    List<ConfigProblem> all() {
        return List.copyOf(all);
    }

    List<ConfigProblem> warnings() {
        return all.stream().filter(p -> !p.isError()).toList();
    }
}
