package org.supervisordj.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/** What follow and event streams share: a bounded registry and the client-gone check. */
final class Streams<T> {

    /** Streams of one kind beyond this are refused: each holds a connection and a timer. */
    static final int MAX_STREAMS = 64;

    private final Set<T> open = ConcurrentHashMap.newKeySet();
    private final String kind;
    private volatile boolean closed;

    Streams(String kind) {
        this.kind = kind;
    }

    /** Registers {@code stream}; refuses when too many are open or the server is closing. */
    void add(T stream) {
        if (closed) throw new ApiException(ApiFault.SHUTDOWN_STATE, "the control API is closing");
        if (open.size() >= MAX_STREAMS) {
            throw new ApiException(ApiFault.FAILED, "too many open " + kind + " streams (" + MAX_STREAMS + ")");
        }
        open.add(stream);
    }

    void remove(T stream) {
        open.remove(stream);
    }

    /** Returns the open streams (a live view). */
    Set<T> all() {
        return open;
    }

    /** Refuses new streams from now on. */
    void close() {
        closed = true;
    }

    /**
     * Lifts the idle timeout of a stream's connection: a followed log may stay silent for hours.
     * Slow or vanished clients are caught by {@link #clientGone} and by failing writes instead.
     */
    static EndPoint endless(Request request) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        endPoint.setIdleTimeout(0);
        return endPoint;
    }

    /**
     * Returns true when the client has closed its side. Jetty does not read a connection while a
     * response is streaming, so a silent stream would never notice; a non-blocking read sees EOF.
     * Bytes a client sends after a never-ending response could never be served, so dropping them is harmless.
     */
    static boolean clientGone(EndPoint endPoint) {
        if (!endPoint.isOpen()) return true;
        try {
            return endPoint.fill(ByteBuffer.allocate(256).flip()) < 0;
        } catch (IOException e) {
            return true;
        }
    }
}
