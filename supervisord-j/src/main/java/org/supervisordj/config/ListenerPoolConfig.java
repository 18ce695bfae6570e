package org.supervisordj.config;

import java.util.List;

import org.supervisordj.events.EventType;

/**
 * What makes a group an {@code [eventlistener:x]} pool: the events it subscribes to, how many it
 * buffers, and the result handler it names.
 *
 * @param events        the subscribed types, each once, in {@link EventType} order (supervisord keeps a set)
 * @param bufferSize    events buffered for the pool; the oldest is dropped beyond it
 * @param resultHandler the {@code result_handler=} spec as written; only supervisord's default can be run
 */
public record ListenerPoolConfig(List<EventType> events, int bufferSize, String resultHandler) {

    /** supervisord's default handler: {@code OK} accepts the event, anything else rejects it. */
    public static final String DEFAULT_HANDLER = "supervisor.dispatchers:default_handler";

    public ListenerPoolConfig {
        events = List.copyOf(events);
    }

    /** Returns true if the pool receives events of {@code type} (it subscribes to the type or an ancestor). */
    public boolean subscribes(EventType type) {
        for (EventType t : events) {
            if (type.isA(t)) return true;
        }
        return false;
    }
}
