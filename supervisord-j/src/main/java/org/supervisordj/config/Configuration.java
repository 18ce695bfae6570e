package org.supervisordj.config;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * A whole configuration as loaded from a root file and its includes.
 *
 * @param files       every file read, root first
 * @param supervisord the daemon's section
 * @param groups      process groups sorted by (priority, name), supervisord's start order
 * @param unixServer  the Unix socket control server, or null
 * @param inetServer  the TCP control server, or null
 * @param supervisorctl the ctl section, or null
 * @param warnings    problems that do not stop the configuration from being used
 */
public record Configuration(List<Path> files, SupervisordConfig supervisord, List<GroupConfig> groups,
                            HttpServerConfig unixServer, HttpServerConfig inetServer,
                            SupervisorctlConfig supervisorctl, List<ConfigProblem> warnings) {

    public Configuration {
        files = List.copyOf(files);
        groups = List.copyOf(groups);
        warnings = List.copyOf(warnings);
    }

    /** Returns every process, sorted by group name then process name. */
    public List<ProgramConfig> programs() {
        return groups.stream().flatMap(g -> g.processes().stream())
                .sorted(Comparator.comparing(ProgramConfig::group).thenComparing(ProgramConfig::name))
                .toList();
    }
}
