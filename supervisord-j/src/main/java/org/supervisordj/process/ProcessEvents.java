package org.supervisordj.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.supervisordj.events.Event;
import org.supervisordj.events.EventPublisher;
import org.supervisordj.events.EventType;

/**
 * Builds the engine's events with supervisord 4.2.5's payloads (events.py): process states, groups
 * and the supervisor's own state. Engine thread only. Values are taken when the state changes, as
 * supervisord renders them eagerly; STARTING alone waits for the spawn, so that /api/v1/events can
 * tell its pid (its payload has none: supervisord sends it before the fork).
 */
final class ProcessEvents {

    private final Supplier<EventPublisher> publisher;
    private final LongSupplier epochMillis;

    ProcessEvents(Supplier<EventPublisher> publisher, LongSupplier epochMillis) {
        this.publisher = publisher;
        this.epochMillis = epochMillis;
    }

    /** {@code p} moved from {@code from} to its current state. */
    void changed(ManagedProcess p, ProcessState from) {
        if (p.state() == ProcessState.STARTING) {
            p.startingFrom = from;
            p.startingTries = p.backoff;
            return;
        }
        spawned(p); // a spawn that failed: its STARTING comes before its BACKOFF
        EventType type = EventType.valueOf("PROCESS_STATE_" + p.state().name());
        if (!publisher.get().wants(type)) return;
        int pid = p.pid != 0 ? p.pid : p.exitedPid;
        StringBuilder payload = head(p, from);
        Map<String, Object> details = new LinkedHashMap<>();
        switch (p.state()) {
            case BACKOFF -> payload.append(" tries:").append(p.backoff);
            case EXITED -> {
                boolean expected = p.config().exitcodes().contains(p.exitstatus);
                payload.append(" expected:").append(expected ? 1 : 0).append(" pid:").append(pid);
                details.put("exitstatus", p.exitstatus);
            }
            case RUNNING, STOPPING -> payload.append(" pid:").append(pid);
            case STOPPED -> {
                payload.append(" pid:").append(pid);
                if (p.exitedPid != 0) details.put("exitstatus", p.exitstatus);
            }
            case FATAL, UNKNOWN, STARTING -> {
            }
        }
        details.put("pid", pid);
        publish(type, payload.toString(), details);
    }

    /** The spawn of {@code p} is over (a pid, or a spawn error): its STARTING goes out now. */
    void spawned(ManagedProcess p) {
        ProcessState from = p.startingFrom;
        if (from == null) return;
        p.startingFrom = null;
        if (!publisher.get().wants(EventType.PROCESS_STATE_STARTING)) return;
        StringBuilder payload = head(p, from).append(" tries:").append(p.startingTries);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pid", p.pid);
        publish(EventType.PROCESS_STATE_STARTING, payload.toString(), details);
    }

    /** PROCESS_GROUP_ADDED or PROCESS_GROUP_REMOVED: {@code groupname:x} and a newline. */
    void group(EventType type, String name) {
        if (publisher.get().wants(type)) publish(type, "groupname:" + name + "\n", Map.of());
    }

    /** SUPERVISOR_STATE_CHANGE_RUNNING or _STOPPING: an empty payload. */
    void supervisor(EventType type) {
        if (publisher.get().wants(type)) publish(type, "", Map.of());
    }

    private static StringBuilder head(ManagedProcess p, ProcessState from) {
        return new StringBuilder("processname:").append(p.config().name()).append(" groupname:")
                .append(p.config().group()).append(" from_state:").append(from.name());
    }

    private void publish(EventType type, String payload, Map<String, Object> details) {
        publisher.get().publish(new Event(type, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                epochMillis.getAsLong(), details));
    }
}
