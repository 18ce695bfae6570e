package org.supervisordj.events;

/**
 * An event as a pool holds it: with its serial (one per event, across pools: supervisord's
 * GlobalSerial) and the pool's own serial, both kept when it is re-sent.
 */
record Queued(Event event, long serial, long poolSerial) {
}
