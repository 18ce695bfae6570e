package org.supervisordj.events;

/**
 * supervisord 4.2.5's event types ({@code supervisor/events.py}, class EventTypes), with their
 * hierarchy: a listener subscribed to a parent ({@code PROCESS_STATE}, or {@code EVENT} for all)
 * receives every type below it. {@link #name()} is the {@code eventname} of the header line.
 */
public enum EventType {
    EVENT(null),
    PROCESS_STATE(EVENT),
    PROCESS_STATE_STOPPED(PROCESS_STATE),
    PROCESS_STATE_EXITED(PROCESS_STATE),
    PROCESS_STATE_STARTING(PROCESS_STATE),
    PROCESS_STATE_STOPPING(PROCESS_STATE),
    PROCESS_STATE_BACKOFF(PROCESS_STATE),
    PROCESS_STATE_FATAL(PROCESS_STATE),
    PROCESS_STATE_RUNNING(PROCESS_STATE),
    PROCESS_STATE_UNKNOWN(PROCESS_STATE),
    PROCESS_COMMUNICATION(EVENT),
    PROCESS_COMMUNICATION_STDOUT(PROCESS_COMMUNICATION),
    PROCESS_COMMUNICATION_STDERR(PROCESS_COMMUNICATION),
    PROCESS_LOG(EVENT),
    PROCESS_LOG_STDOUT(PROCESS_LOG),
    PROCESS_LOG_STDERR(PROCESS_LOG),
    REMOTE_COMMUNICATION(EVENT),
    SUPERVISOR_STATE_CHANGE(EVENT),
    SUPERVISOR_STATE_CHANGE_RUNNING(SUPERVISOR_STATE_CHANGE),
    SUPERVISOR_STATE_CHANGE_STOPPING(SUPERVISOR_STATE_CHANGE),
    TICK(EVENT),
    TICK_5(TICK),
    TICK_60(TICK),
    TICK_3600(TICK),
    PROCESS_GROUP(EVENT),
    PROCESS_GROUP_ADDED(PROCESS_GROUP),
    PROCESS_GROUP_REMOVED(PROCESS_GROUP),
    // supervisord-j extensions (issue 13): a RUNNING process's health check verdict changed
    PROCESS_HEALTH(EVENT),
    PROCESS_HEALTH_HEALTHY(PROCESS_HEALTH),
    PROCESS_HEALTH_UNHEALTHY(PROCESS_HEALTH);

    private final EventType parent;

    EventType(EventType parent) {
        this.parent = parent;
    }

    /** Returns the type this one is a kind of, or null for {@link #EVENT}. */
    public EventType parent() {
        return parent;
    }

    /** Returns true when a subscription to {@code other} covers this type (it is this type or an ancestor). */
    public boolean isA(EventType other) {
        for (EventType t = this; t != null; t = t.parent) {
            if (t == other) return true;
        }
        return false;
    }
}
