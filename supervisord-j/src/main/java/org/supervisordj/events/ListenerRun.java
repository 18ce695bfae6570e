package org.supervisordj.events;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.supervisordj.config.LogLevel;
import org.supervisordj.process.ListenerChannel;
import org.supervisordj.process.ProcessState;

/**
 * One run of one listener process and its side of the protocol, as supervisord 4.2.5's
 * PEventListenerDispatcher reads it: {@code READY\n}, then for each event {@code RESULT <len>\n} and
 * that many bytes. Everything here is guarded by the bus's lock; the bus calls in with it held.
 */
final class ListenerRun implements ListenerChannel {

    private static final byte[] READY = "READY\n".getBytes(StandardCharsets.US_ASCII);
    private static final int RESULT_TOKEN_LEN = "RESULT ".length();

    private final EventBus bus;
    final ListenerPool pool; // null when no pool of that name is served
    final String process;
    ListenerState state = ListenerState.ACKNOWLEDGED; // supervisord's initial "busy" state
    boolean running;  // its process is RUNNING: only then does it get events
    boolean over;     // the process has exited (or never started)
    Queued inFlight;  // the event it owes a result for, or null
    boolean saidReady; // it has said READY at least once: ACKNOWLEDGED is then only the moment between a result and READY
    private byte[] pending = new byte[0];
    private final ByteArrayOutputStream result = new ByteArrayOutputStream();
    private int resultLen = -1; // -1: no result line read yet

    ListenerRun(EventBus bus, ListenerPool pool, String process) {
        this.bus = bus;
        this.pool = pool;
        this.process = process;
    }

    @Override
    public void stdout(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        bus.listenerOutput(this, copy);
    }

    @Override
    public void stateChanged(ProcessState to) {
        bus.listenerState(this, to);
    }

    /** Takes bytes the listener wrote; with the lock held. */
    void read(byte[] data, Log log) {
        if (over) return;
        byte[] all = Arrays.copyOf(pending, pending.length + data.length);
        System.arraycopy(data, 0, all, pending.length, data.length);
        pending = all;
        handle(log);
    }

    /** supervisord's handle_listener_state_change, as a loop instead of its recursion. */
    private void handle(Log log) {
        while (pending.length > 0) {
            switch (state) {
                case UNKNOWN -> {
                    pending = new byte[0]; // a fatal state: nothing it says counts any more
                    return;
                }
                case ACKNOWLEDGED -> {
                    if (pending.length < READY.length) return;
                    if (startsWith(pending, READY)) {
                        change(ListenerState.READY, log);
                        saidReady = true;
                        pending = Arrays.copyOfRange(pending, READY.length, pending.length);
                    } else {
                        change(ListenerState.UNKNOWN, log);
                        pending = new byte[0];
                    }
                    inFlight = null;
                }
                case READY -> {
                    // Spurious output while it waits for an event: supervisord is strict about it.
                    change(ListenerState.UNKNOWN, log);
                    pending = new byte[0];
                    inFlight = null;
                    return;
                }
                case BUSY -> {
                    if (!busy(log)) return;
                }
            }
        }
    }

    /** One step of BUSY; returns false when more bytes are needed (or the run became UNKNOWN). */
    private boolean busy(Log log) {
        if (resultLen < 0) {
            int pos = indexOf(pending, (byte) '\n');
            if (pos < 0) return false;
            byte[] line = Arrays.copyOfRange(pending, 0, pos);
            pending = Arrays.copyOfRange(pending, pos + 1, pending.length);
            Integer len = resultLength(line);
            if (len == null) {
                log.add(LogLevel.WARN, process + ": bad result line: '" + text(line) + "'");
                change(ListenerState.UNKNOWN, log);
                pending = new byte[0];
                rejected(log);
                return false;
            }
            resultLen = len;
            return true;
        }
        int needed = resultLen - result.size();
        if (needed > 0) {
            int take = Math.min(needed, pending.length);
            result.write(pending, 0, take);
            pending = Arrays.copyOfRange(pending, take, pending.length);
            needed -= take;
        }
        if (needed == 0) {
            byte[] r = result.toByteArray();
            result.reset();
            resultLen = -1;
            handleResult(r, log);
            inFlight = null;
        }
        return needed == 0 || pending.length > 0;
    }

    /** supervisord's default_handler: {@code OK} is processed, anything else rejected (and re-sent). */
    private void handleResult(byte[] r, Log log) {
        if (Arrays.equals(r, "OK".getBytes(StandardCharsets.US_ASCII))) {
            log.add(LogLevel.DEBUG, process + ": event was processed");
            change(ListenerState.ACKNOWLEDGED, log);
        } else {
            log.add(LogLevel.WARN, process + ": event was rejected");
            change(ListenerState.ACKNOWLEDGED, log);
            rejected(log);
        }
    }

    /** supervisord's EventRejectedEvent: the event in flight goes back to the head of its pool's buffer. */
    void rejected(Log log) {
        Queued q = inFlight;
        inFlight = null;
        if (q != null && pool != null && pool.has(this)) pool.accept(q, true, log);
    }

    private void change(ListenerState to, Log log) {
        log.add(LogLevel.DEBUG, process + ": " + state + " -> " + to);
        state = to;
        if (to == ListenerState.UNKNOWN) {
            log.add(LogLevel.WARN, process + ": has entered the UNKNOWN state and will no longer receive events, "
                    + "this usually indicates the process violated the eventlistener protocol");
        }
    }

    /** Python's int() of what follows "RESULT " (which is not checked, as in supervisord); null if not a number. */
    private static Integer resultLength(byte[] line) {
        if (line.length < RESULT_TOKEN_LEN) return null;
        String s = new String(line, RESULT_TOKEN_LEN, line.length - RESULT_TOKEN_LEN, StandardCharsets.ISO_8859_1).strip();
        try {
            int n = Integer.parseInt(s);
            return n < 0 ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(byte[] line) {
        String s = new String(line, StandardCharsets.UTF_8);
        return s.indexOf('\uFFFD') >= 0 ? "Undecodable: " + Arrays.toString(line) : s;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) return i;
        }
        return -1;
    }
}
