package org.supervisordj.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import org.supervisordj.config.GroupConfig;
import org.supervisordj.config.LogLevel;
import org.supervisordj.process.EngineLog;
import org.supervisordj.process.EventListeners;
import org.supervisordj.process.ListenerChannel;
import org.supervisordj.process.ProcessState;

/**
 * The daemon's event bus: every event is published here, buffered by each pool that subscribes to
 * it (supervisord's rules: one serial per event, one per pool, the oldest dropped beyond
 * buffer_size) and handed to the /api/v1/events streams; one thread, "events", sends the buffered
 * events to READY listeners and raises the TICK events.
 *
 * <p>Why a lock rather than a queue to the events thread: publishing must cost its caller only a
 * few appends (no I/O, no wait on a listener), and with the buffers under one short lock a flood
 * stays bounded by buffer_size, whatever the events thread's speed. Nothing slow is done holding
 * it: log lines are written after it is released, and writes to a listener's stdin are posted to
 * the engine, whose stdin path never blocks.
 */
public final class EventBus implements EventPublisher, EventListeners, AutoCloseable {

    /** Writes bytes to one listener run's stdin without blocking: the engine's {@code sendToListener}. */
    public interface StdinWriter {
        CompletableFuture<Boolean> write(ListenerChannel channel, byte[] bytes);
    }

    /** Receives every published event, on the publisher's thread; must not block (the /api/v1/events streams). */
    public interface Subscriber {
        void event(Event event);
    }

    private static final EventType[] TICKS = {EventType.TICK_5, EventType.TICK_60, EventType.TICK_3600};
    private static final long[] PERIODS = {5, 60, 3600};

    private final Object lock = new Object();
    private final String identifier;
    private final EngineLog log;
    private final LongSupplier epochMillis;
    private final Map<String, ListenerPool> pools = new LinkedHashMap<>(); // in the order they were added
    private final java.util.Set<Subscriber> subscribers = new java.util.concurrent.CopyOnWriteArraySet<>();
    private final long[] nextTick = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE}; // epoch seconds
    private volatile long wanted; // a bit per EventType ordinal: some pool or subscriber receives it
    private StdinWriter writer = (c, b) -> CompletableFuture.completedFuture(false);
    private long serial = -1;
    private boolean dirty;   // a dispatch may be possible
    private boolean closed;
    private final Thread thread;

    /**
     * @param identifier  {@code [supervisord] identifier}, the header's {@code server:}
     * @param log         the daemon log
     * @param epochMillis the wall clock (TICK events fall on its multiples of 5, 60 and 3600 s)
     */
    public EventBus(String identifier, EngineLog log, LongSupplier epochMillis) {
        this.identifier = identifier;
        this.log = log;
        this.epochMillis = epochMillis;
        this.thread = new Thread(this::run, "events");
        thread.setDaemon(true);
    }

    /** Sets how the bus reaches listeners' stdin; then starts the events thread. */
    public void start(StdinWriter writer) {
        synchronized (lock) {
            this.writer = writer;
        }
        thread.start();
    }

    /** Adds a subscriber that receives every event from now on. */
    public void subscribe(Subscriber s) {
        subscribers.add(s);
        updateWanted();
    }

    public void unsubscribe(Subscriber s) {
        subscribers.remove(s);
        updateWanted();
    }

    @Override
    public boolean wants(EventType type) {
        return (wanted & (1L << type.ordinal())) != 0;
    }

    @Override
    public void publish(Event event) {
        if (!wants(event.type())) return;
        Log lines = new Log();
        synchronized (lock) {
            long s = -1;
            for (ListenerPool p : pools.values()) {
                if (!p.subscribes(event.type())) continue;
                if (s < 0) s = serial = serial == Long.MAX_VALUE ? 0 : serial + 1;
                p.accept(new Queued(event, s, p.nextSerial()), false, lines);
                dirty = true;
            }
            if (dirty) lock.notifyAll();
        }
        lines.writeTo(log);
        for (Subscriber sub : subscribers) {
            try {
                sub.event(event);
            } catch (RuntimeException e) {
                log.log(LogLevel.ERROR, "event subscriber failed: " + e);
            }
        }
    }

    // ---- EventListeners: engine thread ----------------------------------------------------

    @Override
    public void poolAdded(GroupConfig pool) {
        synchronized (lock) {
            pools.put(pool.name(), new ListenerPool(pool));
            scheduleTicks();
            lock.notifyAll();
        }
        updateWanted();
    }

    @Override
    public void poolRemoved(String pool) {
        synchronized (lock) {
            pools.remove(pool);
            scheduleTicks();
            lock.notifyAll();
        }
        updateWanted();
    }

    @Override
    public ListenerChannel spawning(String pool, String process) {
        synchronized (lock) {
            ListenerPool p = pools.get(pool);
            ListenerRun run = new ListenerRun(this, p, process);
            if (p != null) p.add(run);
            return run;
        }
    }

    @Override
    public boolean delivering(String pool) {
        synchronized (lock) {
            ListenerPool p = pools.get(pool);
            return p != null && p.delivering();
        }
    }

    /** Returns how many events pool {@code name} holds now (tests, metrics); -1 for no such pool. */
    public int buffered(String name) {
        synchronized (lock) {
            ListenerPool p = pools.get(name);
            return p == null ? -1 : p.buffered();
        }
    }

    // ---- from the listener runs -----------------------------------------------------------

    void listenerOutput(ListenerRun run, byte[] data) {
        Log lines = new Log();
        synchronized (lock) {
            ListenerState before = run.state;
            run.read(data, lines);
            if (run.state != before || run.pool != null && run.pool.buffered() > 0) {
                dirty = true;
                lock.notifyAll();
            }
        }
        lines.writeTo(log);
    }

    void listenerState(ListenerRun run, ProcessState to) {
        Log lines = new Log();
        synchronized (lock) {
            run.running = to == ProcessState.RUNNING;
            if (to != ProcessState.STARTING && to != ProcessState.RUNNING && to != ProcessState.STOPPING) {
                // supervisord's finish(): an event in flight when a listener dies is sent again.
                run.rejected(lines);
                run.over = true;
                if (run.pool != null) run.pool.remove(run);
            }
            dirty = true;
            lock.notifyAll();
        }
        lines.writeTo(log);
    }

    // ---- the events thread ----------------------------------------------------------------

    private void run() {
        try {
            while (true) {
                List<ListenerPool.Dispatch> sends = new ArrayList<>();
                Log lines = new Log();
                List<Event> ticks = new ArrayList<>();
                StdinWriter w;
                synchronized (lock) {
                    while (!closed && !dirty && !tickDue()) lock.wait(waitMillis());
                    if (closed) return;
                    dirty = false;
                    collectTicks(ticks);
                    for (ListenerPool p : pools.values()) sends.addAll(p.dispatch(identifier, lines));
                    w = writer;
                }
                lines.writeTo(log);
                for (Event t : ticks) publish(t);
                for (ListenerPool.Dispatch d : sends) send(w, d);
            }
        } catch (InterruptedException e) {
            // close()
        } catch (RuntimeException | Error e) {
            log.log(LogLevel.CRITICAL, "the events thread died; event listeners get no more events: " + e);
            throw e;
        }
    }

    private void send(StdinWriter w, ListenerPool.Dispatch d) {
        CompletableFuture<Boolean> written;
        try {
            written = w.write(d.run(), d.bytes());
        } catch (RuntimeException e) {
            written = CompletableFuture.completedFuture(false);
        }
        written.whenComplete((ok, failure) -> {
            if (Boolean.TRUE.equals(ok)) return;
            Log lines = new Log();
            synchronized (lock) {
                // Its stdin is closed or full, or the run is over: the event goes back to be sent
                // again, and this run gets no more (it cannot read them) until it is restarted.
                if (d.run().inFlight == d.queued()) {
                    lines.add(LogLevel.WARN, "couldn't send event " + d.queued().serial() + " to listener "
                            + d.run().process + " (its stdin is closed or not read); it is sent again later");
                    d.run().rejected(lines);
                }
                dirty = true;
                lock.notifyAll();
            }
            lines.writeTo(log);
        });
    }

    /** With the lock: recomputes which TICK periods some pool subscribes to, and when each is next due. */
    private void scheduleTicks() {
        long now = epochMillis.getAsLong() / 1000;
        for (int i = 0; i < TICKS.length; i++) {
            boolean subscribed = false;
            for (ListenerPool p : pools.values()) subscribed |= p.subscribes(TICKS[i]);
            if (!subscribed) nextTick[i] = Long.MAX_VALUE;
            else if (nextTick[i] == Long.MAX_VALUE) nextTick[i] = timeslice(PERIODS[i], now) + PERIODS[i];
        }
    }

    private boolean tickDue() {
        long nowMillis = epochMillis.getAsLong();
        for (long t : nextTick) {
            if (t != Long.MAX_VALUE && nowMillis >= t * 1000) return true;
        }
        return false;
    }

    private long waitMillis() {
        long soonest = Long.MAX_VALUE;
        for (long t : nextTick) soonest = Math.min(soonest, t);
        if (soonest == Long.MAX_VALUE) return 0; // Object.wait(0): until notified
        return Math.max(1, soonest * 1000 - epochMillis.getAsLong());
    }

    /** supervisord's tick(): each period whose time slice has rolled over raises one event, {@code when:} the slice. */
    private void collectTicks(List<Event> out) {
        long nowMillis = epochMillis.getAsLong();
        long now = nowMillis / 1000;
        for (int i = 0; i < TICKS.length; i++) {
            if (nextTick[i] == Long.MAX_VALUE || now < nextTick[i]) continue;
            long slice = timeslice(PERIODS[i], now);
            nextTick[i] = slice + PERIODS[i];
            out.add(Event.of(TICKS[i], "when:" + slice, nowMillis));
        }
    }

    private static long timeslice(long period, long when) {
        return when - Math.floorMod(when, period);
    }

    private void updateWanted() {
        long bits = 0;
        synchronized (lock) {
            for (EventType t : EventType.values()) {
                if (!subscribers.isEmpty()) {
                    bits |= 1L << t.ordinal();
                    continue;
                }
                for (ListenerPool p : pools.values()) {
                    if (p.subscribes(t)) bits |= 1L << t.ordinal();
                }
            }
        }
        wanted = bits;
    }

    /** Returns the events thread's state: WAITING (untimed) when no TICK is due, for the idle test. */
    Thread.State threadState() {
        return thread.getState();
    }

    /** Stops the events thread; events published later are still buffered, but nothing is sent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
