package org.supervisordj.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.supervisordj.events.EventType;

/**
 * Turns one {@code [eventlistener:x]} section into its pool, as supervisord 4.2.5's
 * process_groups_from_parser does: the pool options (expanded with the environment only), then the
 * processes exactly as a {@code [program:x]}'s. The pool's priority defaults to -1 (listeners start
 * first and stop last) while its processes keep the program default of 999, as in supervisord.
 */
final class EventListenerReader {
    private final ProgramReader programs;
    private final Problems problems;
    private final Map<String, Object> envNames;

    EventListenerReader(ProgramReader programs, Problems problems, Map<String, Object> envNames) {
        this.programs = programs;
        this.problems = problems;
        this.envNames = envNames;
    }

    /** Returns the pool, or null if the section has errors (they are recorded). */
    GroupConfig read(MergedSection section) {
        SectionReader r = new SectionReader(section, problems);
        String poolName = section.name.substring("eventlistener:".length()).strip();
        Integer priority = r.isSet("priority") ? r.typed("priority", envNames, Datatypes::integer) : Integer.valueOf(-1);
        Integer bufferSize = r.typed("buffer_size", envNames, Datatypes::integer);
        if (bufferSize != null && bufferSize < 1) {
            r.error("buffer_size", "[" + section.name + "] section sets invalid buffer_size (" + bufferSize + ")");
        }
        String handler = r.expanded("result_handler", envNames);
        if (handler != null && !handler.strip().equals(ListenerPoolConfig.DEFAULT_HANDLER)) {
            r.warning("result_handler", "result_handler=" + Limits.quoted(handler) + " names a Python callable, which "
                    + "supervisord-j cannot load: the default handler is used (RESULT OK accepts the event, anything "
                    + "else rejects it and it is sent again)");
        }
        List<EventType> events = events(r, section.name);
        Boolean redirectStderr = r.typed("redirect_stderr", envNames, Datatypes::bool);
        if (Boolean.TRUE.equals(redirectStderr)) {
            r.error("redirect_stderr", "[" + section.name + "] section sets redirect_stderr=true but this is not "
                    + "allowed because it will interfere with the eventlistener protocol");
        }
        // The processes' own problems are worth reporting in the same run, even when the pool's failed.
        List<ProgramConfig> processes = programs.read(section, poolName);
        if (r.failed() || processes.isEmpty() || events == null || priority == null || bufferSize == null
                || handler == null) {
            return null;
        }
        return new GroupConfig(poolName, priority, processes,
                new ListenerPoolConfig(events, bufferSize, handler.strip()));
    }

    private List<EventType> events(SectionReader r, String sectionName) {
        String text = r.expanded("events", envNames);
        if (text == null && r.isSet("events")) return null;
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String name : Datatypes.listOfStrings(text)) {
            EventType type = byName(name.toUpperCase(Locale.ROOT));
            if (type == null) {
                r.error("events", "Unknown event type " + Limits.quoted(name.toUpperCase(Locale.ROOT)) + " in ["
                        + sectionName + "] events");
                return null;
            }
            types.add(type);
        }
        if (types.isEmpty()) {
            r.error("events", "[" + sectionName + "] section requires an \"events\" line");
            return null;
        }
        return List.copyOf(types);
    }

    private static EventType byName(String name) {
        for (EventType t : EventType.values()) {
            if (t.name().equals(name)) return t;
        }
        return null;
    }
}
