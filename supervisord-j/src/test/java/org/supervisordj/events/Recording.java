package org.supervisordj.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.supervisordj.posix.Proc;

/**
 * What recorder.py (a childutils listener) wrote: one JSON line per event it received, with the
 * header line, the payload and its answer. Tests wait on it for the event a step must cause, and
 * compare its masked transcript between supervisord 4.2.5 and supervisord-j.
 */
final class Recording {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event as the listener got it. */
    record Received(String header, String payload, String result) {

        Map<String, String> headers() {
            return tokens(header);
        }

        String eventname() {
            return headers().get("eventname");
        }

        /** The payload's first line as name:value tokens (processname, groupname, pid, ...). */
        Map<String, String> fields() {
            int nl = payload.indexOf('\n');
            return tokens(nl < 0 ? payload : payload.substring(0, nl));
        }

        /** The payload after its first line (PROCESS_LOG output, PROCESS_COMMUNICATION data). */
        String data() {
            int nl = payload.indexOf('\n');
            return nl < 0 ? "" : payload.substring(nl + 1);
        }

        boolean is(String eventname, String processname) {
            return eventname().equals(eventname) && processname.equals(fields().get("processname"));
        }
    }

    private final Path file;
    private final Supplier<String> context; // the daemon's log, for failure messages

    Recording(Path file, Supplier<String> context) {
        this.file = file;
        this.context = context;
    }

    /** The events recorded so far (a line still being written is left for the next look). */
    List<Received> all() {
        List<Received> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        int end = text.lastIndexOf('\n');
        if (end < 0) return out;
        for (String line : text.substring(0, end).split("\n")) {
            try {
                JsonNode n = JSON.readTree(line);
                out.add(new Received(n.get("header").asText(), n.get("payload").asText(), n.get("result").asText()));
            } catch (IOException e) {
                throw new AssertionError("recorder wrote a bad line: " + line, e);
            }
        }
        return out;
    }

    /** Waits until {@code count} recorded events match {@code what}; returns the last of them. */
    Received await(String description, int count, Predicate<Received> what) {
        List<Received> seen = new ArrayList<>();
        try {
            Proc.await(Proc.DEADLINE, description, () -> {
                seen.clear();
                seen.addAll(all().stream().filter(what).toList());
                return seen.size() >= count;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nrecorded so far:\n" + transcript(all()) + "\n" + context.get(), e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return seen.get(count - 1);
    }

    Received await(String description, Predicate<Received> what) {
        return await(description, 1, what);
    }

    /** Waits for {@code eventname} about {@code processname}. */
    Received await(String eventname, String processname) {
        return await(eventname + " of " + processname, r -> r.is(eventname, processname));
    }

    /**
     * One line per event, with what differs by nature masked: serials and pool serials renumbered in
     * order of first appearance (so a re-sent event keeps its number), pids and tick times replaced.
     * The header's len is checked against the payload before it is dropped (it counts a pid's digits).
     */
    static String transcript(List<Received> events) {
        Map<String, String> serials = new HashMap<>();
        Map<String, String> poolSerials = new HashMap<>();
        StringBuilder out = new StringBuilder();
        for (Received r : events) {
            Map<String, String> h = r.headers();
            // 4.2.5 counts the payload's characters (len of a Python str), as childutils reads them.
            assertEquals(String.valueOf(r.payload().codePointCount(0, r.payload().length())), h.get("len"),
                    "len of " + r.header() + " vs its payload " + r.payload());
            String serial = serials.computeIfAbsent(h.get("serial"), k -> "S" + (serials.size() + 1));
            String pool = poolSerials.computeIfAbsent(h.get("pool") + " " + h.get("poolserial"),
                    k -> "P" + (poolSerials.size() + 1));
            out.append("ver:").append(h.get("ver")).append(" server:").append(h.get("server")).append(" serial:")
                    .append(serial).append(" pool:").append(h.get("pool")).append(" poolserial:").append(pool)
                    .append(" eventname:").append(h.get("eventname")).append(" \"").append(mask(r.payload()))
                    .append("\" -> ").append(r.result()).append('\n');
        }
        return out.toString();
    }

    static String mask(String payload) {
        return payload.replaceAll("\\bpid:\\d+", "pid:PID").replaceAll("\\bwhen:\\d+", "when:WHEN")
                .replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"");
    }

    static Map<String, String> tokens(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String t : line.trim().split(" ")) {
            int colon = t.indexOf(':');
            if (colon > 0) m.put(t.substring(0, colon), t.substring(colon + 1));
        }
        return m;
    }
}
