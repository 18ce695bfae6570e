package org.supervisordj.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

import org.supervisordj.logging.LogFollower;

/**
 * One {@code follow=true} response: polls a {@link LogFollower} every {@value #POLL_MS} ms from
 * the scheduler, reading on Jetty's pool, and writes what is new as a chunk, one write at a time.
 * Ends when the client goes away or the server closes.
 */
final class LogStream {

    static final long POLL_MS = 150;

    private final Exchange ex;
    private final LogFollower follower; // used by one poll at a time: each poll is scheduled by the previous
    private final Scheduler scheduler;
    private final Streams<LogStream> streams;
    private final EndPoint endPoint;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final AtomicBoolean finished = new AtomicBoolean();

    LogStream(Exchange ex, LogFollower follower, Scheduler scheduler, Streams<LogStream> streams) {
        this.ex = ex;
        this.follower = follower;
        this.scheduler = scheduler;
        this.streams = streams;
        this.endPoint = Streams.endless(ex.request);
    }

    /** Writes the initial bytes (this also sends the headers) and starts polling. */
    void start(ByteBuffer initial) {
        ex.response.write(false, initial, Callback.from(this::schedule, this::failed));
    }

    /** Ends the stream (server closing); aborting is fine, a write may be in flight. */
    void finish() {
        failed(new IOException("the control API is closing"));
    }

    void closeFollower() {
        try {
            follower.close();
        } catch (IOException ignored) {
            // read-only descriptor
        }
    }

    private void schedule() {
        if (!finished.get()) scheduler.schedule(() -> ex.executor.execute(this::poll), POLL_MS, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        if (finished.get()) return;
        if (Streams.clientGone(endPoint)) {
            failed(new IOException("client closed the connection"));
            return;
        }
        int n;
        try {
            n = follower.poll(buffer.clear());
        } catch (IOException e) {
            failed(e);
            return;
        }
        if (n == 0) {
            schedule();
            return;
        }
        buffer.flip();
        ex.response.write(false, buffer, Callback.from(this::schedule, this::failed));
    }

    private void failed(Throwable t) {
        if (!finished.compareAndSet(false, true)) return;
        streams.remove(this);
        closeFollower();
        ex.callback.failed(t);
    }
}
