package org.supervisordj.events;

/** supervisord's EventListenerStates: where one listener run is in the protocol. */
enum ListenerState {
    /** Started, or its last result was taken: it must say READY before it gets an event. */
    ACKNOWLEDGED,
    /** Said READY: the next event may go to it. */
    READY,
    /** Has an event and owes its RESULT. */
    BUSY,
    /** Broke the protocol: it gets no more events (until it is restarted). */
    UNKNOWN
}
