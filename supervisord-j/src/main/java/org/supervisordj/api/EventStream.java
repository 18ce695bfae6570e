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

import org.supervisordj.events.Event;
import org.supervisordj.events.EventBus;
import org.supervisordj.events.RemoteCommunication;

/**
 * {@code GET /api/v1/events}: Server-Sent Events of every event the daemon publishes (process
 * states, groups, the supervisor's state, ticks, remote communication, child output when enabled).
 * The bus's subscriber only offers each event to every client's bounded queue (no JSON, no I/O on
 * the publisher's thread); a client whose queue overflows is too slow and is dropped rather than
 * allowed to hold anyone up.
 */
final class EventStream implements EventBus.Subscriber {

    static final long KEEPALIVE_MS = 15_000;
    static final int QUEUE_SIZE = 256;
    private static final Object KEEPALIVE = new Object();

    private final Scheduler scheduler;
    private final Streams<Client> clients = new Streams<>("event");

    private final EventBus bus;

    /** {@code bus} may be null (a daemon without one): the stream then carries only keepalives. */
    EventStream(EventBus bus, Scheduler scheduler) {
        this.scheduler = scheduler;
        this.bus = bus;
    }

    void register(Router router) {
        router.add("GET", "/api/v1/events", this::subscribe)
                .add("POST", "/api/v1/events/remote", this::remote);
    }

    /** Called on the publisher's thread: must not block. */
    @Override
    public void event(Event event) {
        for (Client c : clients.all()) c.offer(event);
    }

    int openStreams() {
        return clients.all().size();
    }

    /** Ends every stream. */
    void close() {
        if (bus != null) bus.unsubscribe(this);
        clients.close();
        for (Client c : clients.all()) c.failed(new IOException("the control API is closing"));
    }

    /** supervisord's sendRemoteCommEvent: {@code {"type": "...", "data": "..."}}, answered once published. */
    private void remote(Exchange ex) {
        BodyReader.read(ex.request).whenCompleteAsync((body, failure) -> {
            try {
                if (failure != null) throw failure;
                JsonBodies.RemoteEvent req = Json.read(body, JsonBodies.RemoteEvent.class);
                if (req.type() == null || req.data() == null) {
                    throw new ApiException(ApiFault.INCORRECT_PARAMETERS, "missing field: " + (req.type() == null ? "type" : "data"));
                }
                if (bus != null) bus.publish(RemoteCommunication.of(req.type(), req.data(), System.currentTimeMillis()));
                ex.json(200, new JsonBodies.Status("sent"));
            } catch (Throwable t) {
                ex.fail(t);
            }
        }, ex.executor);
    }

    /** Subscribed only while someone listens: with no client, nobody builds events for us. */
    private synchronized void resubscribe() {
        if (bus == null) return;
        if (clients.all().isEmpty()) bus.unsubscribe(this);
        else bus.subscribe(this);
    }

    private void subscribe(Exchange ex) {
        Client c = new Client(ex);
        clients.add(c);
        if (!ex.claim()) {
            clients.remove(c);
            return;
        }
        resubscribe();
        ex.response.setStatus(200);
        ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        ex.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        c.start();
    }

    private static String render(Object item) {
        if (item == KEEPALIVE) return ": keepalive\n\n";
        Event e = (Event) item;
        byte[] data = Json.write(EventJson.data(e));
        return "event: " + EventJson.name(e) + "\ndata: " + new String(data, StandardCharsets.UTF_8) + "\n\n";
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
            resubscribe();
            queue.clear();
            ex.callback.failed(t);
        }
    }
}
