package org.supervisordj.events;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One event, as a listener receives it after the header line: {@code payload} holds supervisord's
 * exact payload bytes (its {@code str(event)}: for PROCESS_STATE {@code processname:x groupname:x
 * from_state:STARTING pid:42}, for PROCESS_LOG that header line, a newline and the raw output).
 * Bytes, not text: child output need not be UTF-8, and the header's {@code len} counts bytes.
 *
 * @param type        what happened
 * @param payload     the payload bytes, never changed after construction
 * @param epochMillis wall-clock time it happened, for /api/v1/events
 * @param details     what /api/v1/events shows besides the payload's own fields (the pid of a
 *                    STARTING process, the exit status of an EXITED one); never sent to listeners
 */
public record Event(EventType type, byte[] payload, long epochMillis, Map<String, Object> details) {

    public Event {
        details = Map.copyOf(details);
    }

    /** An event with nothing beyond its payload. */
    public Event(EventType type, byte[] payload, long epochMillis) {
        this(type, payload, epochMillis, Map.of());
    }

    /** An event whose payload is {@code text} in UTF-8. */
    public static Event of(EventType type, String text, long epochMillis) {
        return new Event(type, text.getBytes(StandardCharsets.UTF_8), epochMillis);
    }
}
