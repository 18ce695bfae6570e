package org.supervisordj.config;

import java.util.List;

/**
 * A process group: a {@code [group:x]} or the implicit group of a {@code [program:x]}.
 *
 * @param name      group name
 * @param priority  start order among groups (ascending); stop order is the reverse
 * @param processes its processes, in supervisord's order
 * @param listener  for an {@code [eventlistener:x]} pool its pool settings, else null
 */
public record GroupConfig(String name, int priority, List<ProgramConfig> processes, ListenerPoolConfig listener) {
    public GroupConfig {
        processes = List.copyOf(processes);
    }

    /** A group of programs (not an event listener pool). */
    public GroupConfig(String name, int priority, List<ProgramConfig> processes) {
        this(name, priority, processes, null);
    }

    /** Returns true for an {@code [eventlistener:x]} pool. */
    public boolean isListenerPool() {
        return listener != null;
    }
}
