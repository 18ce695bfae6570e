package org.supervisordj.events;

/**
 * Where every part of the daemon hands its events: the engine thread (process states, groups,
 * supervisor state), the pipe pump (PROCESS_LOG, PROCESS_COMMUNICATION), the API (REMOTE_COMMUNICATION).
 * Callable from any thread; never blocks and never does I/O on the caller's thread, so a slow or
 * stuck listener cannot hold up the engine or the pump.
 */
public interface EventPublisher {

    /** Publishes nothing: for tests and for a daemon that has no event consumer wired in. */
    EventPublisher NONE = new EventPublisher() {
        @Override
        public boolean wants(EventType type) {
            return false;
        }

        @Override
        public void publish(Event event) {
        }
    };

    /**
     * Returns false when nobody (no listener pool, no /api/v1/events client) would receive {@code type}:
     * callers skip building the payload, which matters for PROCESS_LOG on a chatty program.
     */
    boolean wants(EventType type);

    /** Hands {@code event} over; it is dispatched later, on another thread. */
    void publish(Event event);
}
