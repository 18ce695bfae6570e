package org.supervisordj.config.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.config.Sources;

/**
 * {@code supervisord-j check --deploy}, after Django's {@code manage.py check --deploy}: the classic
 * mistakes of a supervisor configuration in production, each with its line and its fix. A finding
 * is silenced with {@code --skip ID} (everywhere), {@code deploy_skip=ID,…} in a section (there)
 * or in {@code [supervisord]} (everywhere).
 */
public final class DeployChecks {

    /**
     * The outcome of a run.
     *
     * @param findings what was found, in file order
     * @param silenced how many findings were skipped
     */
    public record Report(List<Finding> findings, int silenced) {
    }

    private DeployChecks() {
    }

    /**
     * Runs every check over a loaded configuration.
     *
     * @param skipped checks silenced everywhere
     * @throws IllegalArgumentException naming an id in a {@code deploy_skip=} that is no check's
     */
    public static Report run(Configuration config, Sources sources, Collection<DeployCheck> skipped) {
        Findings f = new Findings(sources);
        String daemonUser = config.supervisord().user();
        SecretChecks.checkSupervisord(config.supervisord().environment(), f);
        LogChecks.checkSupervisord(config.supervisord(), f);
        if (config.inetServer() != null) ControlServerChecks.inet(config.inetServer(), f);
        if (config.unixServer() != null) ControlServerChecks.unix(config.unixServer(), f);
        for (ProgramConfig c : config.programs()) {
            SecretChecks.check(c, f);
            PrivilegeChecks.check(c, daemonUser, f);
            AppServerChecks.check(c, config.supervisord().directory(), f);
            LogChecks.check(c, f);
        }
        Set<DeployCheck> everywhere = EnumSet.noneOf(DeployCheck.class);
        everywhere.addAll(skipped);
        everywhere.addAll(skipsOf(sources, "supervisord"));
        List<Finding> kept = new ArrayList<>();
        for (Finding finding : f.all()) {
            if (!everywhere.contains(finding.check()) && !skipsOf(sources, finding.section()).contains(finding.check())) {
                kept.add(finding);
            }
        }
        kept.sort(java.util.Comparator.comparing((Finding x) -> config.files().indexOf(x.file()))
                .thenComparingInt(Finding::line).thenComparing(x -> x.check().name()));
        return new Report(List.copyOf(kept), f.all().size() - kept.size());
    }

    /** Returns the checks named in a section's {@code deploy_skip=}. */
    private static Set<DeployCheck> skipsOf(Sources sources, String section) {
        String raw = sources.raw(section, "deploy_skip");
        Set<DeployCheck> checks = EnumSet.noneOf(DeployCheck.class);
        if (raw == null) return checks;
        for (String name : raw.split("[,\\s]+")) {
            if (name.isEmpty()) continue;
            DeployCheck c = DeployCheck.named(name);
            if (c == null) {
                throw new IllegalArgumentException(sources.at(section, "deploy_skip").where() + ": [" + section
                        + "] deploy_skip: no deploy check is called '" + name + "' (ids: deploy.W001 to deploy.W0"
                        + DeployCheck.values().length + ")");
            }
            checks.add(c);
        }
        return checks;
    }
}
