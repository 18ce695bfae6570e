package org.supervisordj.process;

import org.supervisordj.config.GroupConfig;

/**
 * The engine's side of the {@code [eventlistener:x]} pools: what it tells whoever dispatches events to
 * them (events/EventBus). Called on the engine thread; implementations must not block.
 */
public interface EventListeners {

    /** No pools are served: listener processes run as plain programs whose stdout is only logged. */
    EventListeners NONE = new EventListeners() {
        @Override
        public void poolAdded(GroupConfig pool) {
        }

        @Override
        public void poolRemoved(String pool) {
        }

        @Override
        public ListenerChannel spawning(String pool, String process) {
            return null;
        }
    };

    /**
     * Returns true while pool {@code pool} has events buffered or in flight and a RUNNING listener
     * that can take them: the shutdown lets it finish before stopping it. Any thread.
     */
    default boolean delivering(String pool) {
        return false;
    }

    /** A pool has entered the process table, before its PROCESS_GROUP_ADDED is published. */
    void poolAdded(GroupConfig pool);

    /** A pool has left the process table (its processes are down), before its PROCESS_GROUP_REMOVED is published. */
    void poolRemoved(String pool);

    /**
     * A listener process of {@code pool} is about to be spawned: returns the channel of this one run
     * of it (its stdout bytes and state changes go there), or null when nobody serves the pool.
     */
    ListenerChannel spawning(String pool, String process);
}
