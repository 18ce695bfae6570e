package org.supervisordj.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

import org.supervisordj.process.Engine;
import org.supervisordj.process.ProcessInfo;
import org.supervisordj.process.ProcessState;
import org.supervisordj.process.StateListener;

/**
 * {@code GET /api/v1/events}: Server-Sent Events of every state change. The engine's listener only
 * offers each change to every client's bounded queue (no JSON, no I/O on the engine thread); a
 * client whose queue overflows is too slow and is dropped rather than allowed to hold anyone up.
 */
final class EventStream implements StateListener {

    static final long KEEPALIVE_MS = 15_000;
    static final int QUEUE_SIZE = 256;
    private static final Object KEEPALIVE = new Object();

    /** A state change as heard on the engine thread, rendered later on Jetty's pool. */
    private record Change(ProcessInfo process, ProcessState from, long epochMillis) {
    }

    private final Scheduler scheduler;
    private final Streams<Client> clients = new Streams<>("event");

    EventStream(Engine engine, Scheduler scheduler) {
        this.scheduler = scheduler;
        engine.addListener(this); // for the engine's lifetime: there is no removeListener, so close() just stops fanning out
    }

    void register(Router router) {
        router.add("GET", "/api/v1/events", this::subscribe);
    }

    /** Called on the engine thread: must not block. */
    @Override
    public void stateChanged(ProcessInfo process, ProcessState from) {
        if (clients.all().isEmpty()) return;
        Change change = new Change(process, from, System.currentTimeMillis());
        for (Client c : clients.all()) c.offer(change);
    }

    int openStreams() {
        return clients.all().size();
    }

    /** Ends every stream. */
    void close() {
        clients.close();
        for (Client c : clients.all()) c.failed(new IOException("the control API is closing"));
    }

    private void subscribe(Exchange ex) {
        Client c = new Client(ex);
        clients.add(c);
        if (!ex.claim()) {
            clients.remove(c);
            return;
        }
        ex.response.setStatus(200);
        ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        ex.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        c.start();
    }

    private static String render(Object item) {
        if (item == KEEPALIVE) return ": keepalive\n\n";
        Change ch = (Change) item;
        ProcessInfo p = ch.process();
        byte[] data = Json.write(new JsonBodies.StateEvent(p.name(), p.group(), p.namespec(), ch.from().name(),
                p.state().name(), p.pid(), ch.epochMillis() / 1000.0));
        return "event: state\ndata: " + new String(data, StandardCharsets.UTF_8) + "\n\n";
    }

    /** One subscriber: a bounded queue drained by one write at a time. */
    private final class Client {
        private final Exchange ex;
        private final EndPoint endPoint;
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_SIZE);
        private final AtomicBoolean writing = new AtomicBoolean(true); // until the first write completes
        private final AtomicBoolean finished = new AtomicBoolean();

        Client(Exchange ex) {
            this.ex = ex;
            this.endPoint = Streams.endless(ex.request);
        }

        void start() {
            // A comment first: it sends the headers, so the client knows it is subscribed.
            write(": subscribed\n\n");
            keepalive();
        }

        void offer(Object item) {
            if (!queue.offer(item)) {
                failed(new IOException("event client too slow: more than " + QUEUE_SIZE + " events behind"));
                return;
            }
            kick();
        }

        private void kick() {
            if (!finished.get() && writing.compareAndSet(false, true)) ex.executor.execute(this::drain);
        }

        private void drain() {
            StringBuilder b = new StringBuilder();
            for (Object item; (item = queue.poll()) != null; ) b.append(render(item));
            if (b.length() == 0) {
                writing.set(false);
                if (!queue.isEmpty()) kick(); // an offer raced with the release
                return;
            }
            write(b.toString());
        }

        private void write(String text) {
            ex.response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), Callback.from(() -> {
                writing.set(false);
                if (!queue.isEmpty()) kick();
            }, this::failed));
        }

        private void keepalive() {
            scheduler.schedule(() -> {
                if (finished.get()) return;
                if (Streams.clientGone(endPoint)) {
                    failed(new IOException("event client closed the connection"));
                    return;
                }
                offer(KEEPALIVE);
                keepalive();
            }, KEEPALIVE_MS, TimeUnit.MILLISECONDS);
        }

        void failed(Throwable t) {
            if (!finished.compareAndSet(false, true)) return;
            clients.remove(this);
            queue.clear();
            ex.callback.failed(t);
        }
    }
}
