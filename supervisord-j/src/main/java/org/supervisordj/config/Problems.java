package org.supervisordj.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every error and warning of one load, so all of them are reported in one run, and
 * holds the load's budgets (processes, expanded text), which every reader draws from. Past
 * {@link Limits#PROBLEMS} problems only a count is kept: a file of ten thousand broken lines
 * gets two hundred messages and a total, not a report larger than itself.
 */
final class Problems {
    private final List<ConfigProblem> all = new ArrayList<>();
    private final boolean hostChecksAreWarnings;
    private int errors;
    private int omitted;
    private ConfigProblem firstOmitted;
    private int processes;
    private long expandedChars;

    Problems(boolean hostChecksAreWarnings) {
        this.hostChecksAreWarnings = hostChecksAreWarnings;
    }

    void error(IniEntry at, String section, String message) {
        add(ConfigProblem.error(at, section, message));
    }

    void warning(IniEntry at, String section, String message) {
        add(ConfigProblem.warning(at, section, message));
    }

    /** A problem that depends on this host (a missing user or directory): an error unless checking. */
    void hostDependent(IniEntry at, String section, String message) {
        if (hostChecksAreWarnings) warning(at, section, message + " (on this host)");
        else error(at, section, message);
    }

    void add(ConfigProblem p) {
        if (p.isError()) errors++;
        if (all.size() < Limits.PROBLEMS) {
            all.add(p);
            return;
        }
        if (firstOmitted == null || (p.isError() && !firstOmitted.isError())) firstOmitted = p;
        omitted++;
    }

    void addAll(List<ConfigProblem> ps) {
        ps.forEach(this::add);
    }

    boolean hasErrors() {
        return errors > 0;
    }

    int errorCount() {
        return errors;
    }

    /** Takes {@code n} processes from the load's budget; false when that would pass {@link Limits#PROCESSES}. */
    boolean takeProcesses(int n) {
        if ((long) processes + n > Limits.PROCESSES) return false;
        processes += n;
        return true;
    }

    /** Takes expanded characters from the budget; false once {@link Limits#EXPANDED_CHARS} is spent. */
    boolean takeExpanded(int chars) {
        expandedChars += chars;
        return expandedChars <= Limits.EXPANDED_CHARS;
    }

    /** Every problem kept, then one line counting those left out (located at the first of them). */
    List<ConfigProblem> all() {
        List<ConfigProblem> out = new ArrayList<>(all);
        if (omitted > 0) {
            out.add(new ConfigProblem(firstOmitted.severity(), firstOmitted.file(), firstOmitted.line(),
                    firstOmitted.section(), null, "... and " + omitted + " more problems from here on, not shown"
                    + " (only the first " + Limits.PROBLEMS + " are)"));
        }
        return List.copyOf(out);
    }

    List<ConfigProblem> warnings() {
        return all().stream().filter(p -> !p.isError()).toList();
    }
}
