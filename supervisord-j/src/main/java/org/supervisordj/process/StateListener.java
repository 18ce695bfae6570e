package org.supervisordj.process;

/** Hears every state change, on the engine thread; must not block (hand off to another thread for I/O). */
public interface StateListener {
    /** Called after {@code process} moved from {@code from} to its current state. */
    void stateChanged(ProcessInfo process, ProcessState from);
}
