package org.supervisordj.config;

import java.util.List;

/**
 * A process group: a {@code [group:x]} or the implicit group of a {@code [program:x]}.
 *
 * @param name      group name
 * @param priority  start order among groups (ascending); stop order is the reverse
 * @param processes its processes, in supervisord's order
 */
public record GroupConfig(String name, int priority, List<ProgramConfig> processes) {
    public GroupConfig {
        processes = List.copyOf(processes);
    }
}
