package org.supervisordj.api.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * API requests answered, by method, route pattern and status code: a bounded set of series, since
 * routes are the routing table's patterns (never the path asked for) and unknown methods are OTHER.
 * A request is counted when its response ends, so a follow or event stream counts once it closes.
 */
public final class RequestCounts {

    /** The route of a request that was refused before routing (401) or matched no route (404, 405). */
    public static final String NO_ROUTE = "none";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    /** One series: method, route pattern and HTTP status. */
    public record Key(String method, String route, int status) {
    }

    private final ConcurrentHashMap<Key, LongAdder> counts = new ConcurrentHashMap<>();

    /** A request's callback that counts the request when it completes; the route is set once matched. */
    public final class Counted extends Callback.Nested {
        private final String method;
        private final Response response;
        private volatile String route = NO_ROUTE;

        Counted(String method, Response response, Callback callback) {
            super(callback);
            this.method = METHODS.contains(method) ? method : "OTHER";
            this.response = response;
        }

        /** Records the routing table pattern the request matched. */
        public void route(String pattern) {
            route = pattern;
        }

        @Override
        public void succeeded() {
            count();
            super.succeeded();
        }

        @Override
        public void failed(Throwable x) {
            count();
            super.failed(x);
        }

        private void count() {
            counts.computeIfAbsent(new Key(method, route, response.getStatus()), k -> new LongAdder()).increment();
        }
    }

    /** Wraps the callback of a request about to be handled. */
    public Counted start(String method, Response response, Callback callback) {
        return new Counted(method, response, callback);
    }

    /** Returns the counts so far; any thread. */
    public Map<Key, Long> snapshot() {
        Map<Key, Long> out = new java.util.HashMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
