package org.supervisordj.process;

/** What is wanted of a process (runit's "want"), kept apart from what it is ({@link ProcessState}). */
public enum Goal {
    /** Keep it running: start requests and autostart set this. */
    UP,
    /** Keep it stopped: stop requests and shutdown set this. */
    DOWN
}
