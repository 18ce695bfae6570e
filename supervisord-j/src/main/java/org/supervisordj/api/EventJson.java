package org.supervisordj.api;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.supervisordj.events.Event;
import org.supervisordj.events.EventType;

/**
 * One event as {@code /api/v1/events} shows it: the SSE event name and its JSON data. The data holds
 * the fields of supervisord's payload header ({@code processname}, {@code from_state}, {@code tries},
 * {@code when}, ...), the payload's body as {@code data} when it has one ({@code result} for a health
 * check's verdict), the time as a plain decimal
 * of seconds, and for process states the fields this API has always had (name, group, namespec,
 * from, state, pid) plus the exit status of an EXITED process.
 */
final class EventJson {

    private static final Set<String> NUMBERS = Set.of("pid", "tries", "expected", "when", "failures", "passes");

    private EventJson() {
    }

    /** Returns the SSE {@code event:} name: {@code state} for process states, else supervisord's eventname. */
    static String name(Event e) {
        return e.type().isA(EventType.PROCESS_STATE) ? "state" : e.type().name();
    }

    static Map<String, Object> data(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        String text = new String(e.payload(), StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String header = nl < 0 ? text : text.substring(0, nl);
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String token : header.split(" ")) {
            int colon = token.indexOf(':');
            if (colon <= 0) continue;
            String key = token.substring(0, colon);
            String value = token.substring(colon + 1);
            fields.put(key, NUMBERS.contains(key) && value.matches("-?\\d{1,18}") ? (Object) Long.parseLong(value) : value);
        }
        if (e.type().isA(EventType.PROCESS_STATE)) {
            // The fields this stream has always had come first, in their old order: clients match on them.
            String name = String.valueOf(fields.get("processname"));
            String group = String.valueOf(fields.get("groupname"));
            m.put("name", name);
            m.put("group", group);
            m.put("namespec", group.equals(name) ? name : group + ":" + name);
            m.put("from", fields.get("from_state"));
            m.put("state", e.type().name().substring("PROCESS_STATE_".length()));
            m.put("pid", e.details().getOrDefault("pid", fields.getOrDefault("pid", 0)));
        }
        m.put("eventname", e.type().name());
        m.putAll(fields);
        m.putAll(e.details());
        if (nl >= 0 && nl + 1 < text.length()) {
            m.put(e.type().isA(EventType.PROCESS_HEALTH) ? "result" : "data", text.substring(nl + 1));
        }
        m.put("time", BigDecimal.valueOf(e.epochMillis()).movePointLeft(3));
        return m;
    }
}
