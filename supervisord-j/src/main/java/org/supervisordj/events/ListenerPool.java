package org.supervisordj.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.supervisordj.config.GroupConfig;
import org.supervisordj.config.LogLevel;

/**
 * One {@code [eventlistener:x]} pool as supervisord's EventListenerPool: its bounded event buffer,
 * its serial and its listeners' current runs. Guarded by the bus's lock.
 */
final class ListenerPool {

    final GroupConfig config;
    private final Deque<Queued> buffer = new ArrayDeque<>();
    private final List<ListenerRun> runs = new ArrayList<>(); // in the pool's process order
    private long serial = -1;

    ListenerPool(GroupConfig config) {
        this.config = config;
    }

    String name() {
        return config.name();
    }

    boolean subscribes(EventType type) {
        return config.listener().subscribes(type);
    }

    /** Returns the pool's next serial (supervisord's new_serial: from 0, wrapping at maxint). */
    long nextSerial() {
        serial = serial == Long.MAX_VALUE ? 0 : serial + 1;
        return serial;
    }

    /**
     * Buffers {@code q} at the tail, or at the head when it is re-sent; a full buffer first drops its
     * oldest event, with supervisord's log line.
     */
    void accept(Queued q, boolean head, Log log) {
        if (head) {
            log.add(LogLevel.DEBUG, "rebuffering event " + q.serial() + " for pool " + name() + " (buf size="
                    + buffer.size() + ", max=" + config.listener().bufferSize() + ")");
        }
        if (buffer.size() >= config.listener().bufferSize() && !buffer.isEmpty()) {
            Queued discarded = buffer.pollFirst();
            log.add(LogLevel.ERROR, "pool " + name() + " event buffer overflowed, discarding event "
                    + discarded.serial());
        }
        if (head) buffer.addFirst(q);
        else buffer.addLast(q);
    }

    void add(ListenerRun run) {
        runs.removeIf(r -> r.process.equals(run.process)); // a run that never said it ended
        int at = order(run.process);
        int i = 0;
        while (i < runs.size() && order(runs.get(i).process) <= at) i++;
        runs.add(i, run);
    }

    void remove(ListenerRun run) {
        runs.remove(run);
    }

    boolean has(ListenerRun run) {
        return runs.contains(run);
    }

    /**
     * supervisord's dispatch: the oldest events go, each to the first RUNNING listener that is READY,
     * until none is; returns what to write to whom.
     */
    List<Dispatch> dispatch(String identifier, Log log) {
        List<Dispatch> out = new ArrayList<>();
        while (!buffer.isEmpty()) {
            ListenerRun ready = null;
            for (ListenerRun r : runs) {
                if (r.running && r.state == ListenerState.READY) {
                    ready = r;
                    break;
                }
            }
            if (ready == null) break;
            Queued q = buffer.pollFirst();
            ready.state = ListenerState.BUSY;
            ready.inFlight = q;
            out.add(new Dispatch(ready, q, Envelope.of(identifier, q.serial(), name(), q.poolSerial(), q.event())));
            log.add(LogLevel.DEBUG, "event " + q.serial() + " sent to listener " + ready.process);
        }
        return out;
    }

    /** Returns true while events wait or are in flight and some RUNNING listener is READY or BUSY with one. */
    boolean delivering() {
        boolean work = !buffer.isEmpty();
        boolean able = false;
        for (ListenerRun r : runs) {
            work |= r.inFlight != null;
            // a listener that has just answered (ACKNOWLEDGED, its READY on the way) is taking events too:
            // the shutdown stopped one between its OK and its READY, with web's STOPPED still buffered
            able |= r.running && (r.state == ListenerState.READY || r.state == ListenerState.BUSY
                    || r.state == ListenerState.ACKNOWLEDGED && r.saidReady);
        }
        return work && able;
    }

    int buffered() {
        return buffer.size();
    }

    private int order(String process) {
        var ps = config.processes();
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).name().equals(process)) return i;
        }
        return ps.size();
    }

    /** One event on its way to one listener's stdin. */
    record Dispatch(ListenerRun run, Queued queued, byte[] bytes) {
    }
}
