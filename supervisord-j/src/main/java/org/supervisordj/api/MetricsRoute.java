package org.supervisordj.api;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.eclipse.jetty.http.HttpHeader;

import org.supervisordj.api.metrics.Exposition;
import org.supervisordj.api.metrics.Readings;
import org.supervisordj.api.metrics.RequestCounts;
import org.supervisordj.config.Configuration;
import org.supervisordj.process.Engine;

/**
 * GET /metrics: the Prometheus/OpenMetrics exposition (docs/metrics.md), behind the API's
 * authentication. Reads the engine's published snapshot, so a scrape never waits for the engine.
 */
final class MetricsRoute {

    private final Engine engine;
    private final ApiServer.Hooks hooks;
    private final RequestCounts requests;

    MetricsRoute(Engine engine, ApiServer.Hooks hooks, RequestCounts requests) {
        this.engine = engine;
        this.hooks = hooks;
        this.requests = requests;
    }

    void register(Router router) {
        router.add("GET", "/metrics", this::scrape);
    }

    private void scrape(Exchange ex) {
        // The first scrape loads the metrics library's classes: not on a selector thread.
        ex.executor.execute(() -> {
            try {
                Exposition.Rendered r = Exposition.render(ex.request.getHeaders().get(HttpHeader.ACCEPT), readings());
                if (!ex.claim()) return;
                ex.response.setStatus(200);
                ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
                ex.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                ex.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, r.body().length);
                ex.response.write(true, ByteBuffer.wrap(r.body()), ex.callback);
            } catch (RuntimeException | LinkageError e) {
                ex.fail(e);
            }
        });
    }

    private Readings readings() {
        ApiServer.DaemonInfo info = hooks.daemonInfo();
        Configuration config = hooks.current();
        return new Readings(engine.snapshot(), engine.outputBytes()::stdout, engine.outputBytes()::stderr,
                engine.spawnLatency().snapshot(), requests.snapshot(), info.version(),
                config.supervisord().identifier(), config.files().stream().map(Path::toString).toList(),
                info.startEpochSeconds(), System.currentTimeMillis());
    }
}
