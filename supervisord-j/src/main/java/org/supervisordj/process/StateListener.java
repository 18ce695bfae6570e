package org.supervisordj.process;

/** Hears every state change, on the engine thread; must not block (hand off to another thread for I/O). */
public interface StateListener {
    /** Called after {@code process} moved from {@code from} to its current state. */
    void stateChanged(ProcessInfo process, ProcessState from);

    /** Called right after {@code pid} was spawned for {@code namespec} (in STARTING), before it can be reaped. */
    default void spawned(String namespec, int pid) {
    }
}
