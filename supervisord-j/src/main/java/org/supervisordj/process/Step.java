package org.supervisordj.process;

/**
 * What the engine must do next for one process, as decided by {@link Transitions#onTick}.
 *
 * @param action the action due now, or {@link Action#WAIT}/{@link Action#IDLE}
 * @param wakeAt for WAIT, the nanoTime at which to ask again
 */
public record Step(Action action, long wakeAt) {

    /** The actions a tick can call for. */
    public enum Action {
        /** Nothing is due and nothing will be until an event arrives. */
        IDLE,
        /** Nothing is due before {@code wakeAt}. */
        WAIT,
        /** startsecs have passed: STARTING -> RUNNING. */
        BECOME_RUNNING,
        /** A retry or restart is due: spawn again. */
        SPAWN,
        /** startretries are used up: BACKOFF -> FATAL. */
        GIVE_UP,
        /** stopwaitsecs have passed without an exit: send SIGKILL. */
        KILL,
        /** ready_timeout has passed without the ready= probe passing: the start failed, stop the child. */
        NOT_READY
    }

    static final Step IDLE = new Step(Action.IDLE, Long.MAX_VALUE);
    static final Step BECOME_RUNNING = new Step(Action.BECOME_RUNNING, 0);
    static final Step SPAWN = new Step(Action.SPAWN, 0);
    static final Step GIVE_UP = new Step(Action.GIVE_UP, 0);
    static final Step KILL = new Step(Action.KILL, 0);
    static final Step NOT_READY = new Step(Action.NOT_READY, 0);

    /** Returns a step that waits until {@code nanos}. */
    static Step waitUntil(long nanos) {
        return new Step(Action.WAIT, nanos);
    }
}
