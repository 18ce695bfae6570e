package org.supervisordj.process;

import java.nio.ByteBuffer;

/**
 * One run of one event listener process, from just before its spawn until it has exited: the
 * protocol side hears its stdout and its state changes here, and writes to its stdin through
 * {@link Engine#sendToListener}. A new run gets a new channel, so nothing meant for a run that died
 * reaches the next one.
 */
public interface ListenerChannel {

    /** Pump thread: bytes the listener wrote to its stdout (the protocol channel); must not block. */
    void stdout(ByteBuffer bytes);

    /**
     * Engine thread: the process moved to {@code state}, after that change's PROCESS_STATE event was
     * published. Once the state is not STARTING, RUNNING or STOPPING this run is over.
     */
    void stateChanged(ProcessState state);
}
