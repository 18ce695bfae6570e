package org.supervisordj.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.http.HttpHeader;

/**
 * The web dashboard: one page and its script and style, read from the jar. Everything it shows
 * comes from the API's own routes (relative URLs, so it works under a reverse proxy's sub-path);
 * it costs nothing until someone opens it, and then only the page's own requests.
 */
final class DashboardRoutes {

    /** Scripts and styles from this origin only, never inline; no framing; nothing sent elsewhere. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String DIR = "/org/supervisordj/api/dashboard/";
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    void register(Router router) {
        // supervisord's web UI is at / and /index.html: both are the dashboard here.
        router.add("GET", "/", ex -> asset(ex, "index.html", "text/html; charset=utf-8"))
                .add("GET", "/index.html", ex -> asset(ex, "index.html", "text/html; charset=utf-8"))
                .add("GET", "/dashboard/app.js", ex -> asset(ex, "app.js", "text/javascript; charset=utf-8"))
                .add("GET", "/dashboard/app.css", ex -> asset(ex, "app.css", "text/css; charset=utf-8"))
                .add("GET", "/dashboard/icon.svg", ex -> asset(ex, "icon.svg", "image/svg+xml"));
    }

    private void asset(Exchange ex, String name, String type) {
        byte[] bytes = cache.computeIfAbsent(name, DashboardRoutes::load);
        if (!ex.claim()) return;
        var h = ex.response.getHeaders();
        ex.response.setStatus(200);
        h.put(HttpHeader.CONTENT_TYPE, type);
        h.put(HttpHeader.CONTENT_LENGTH, bytes.length);
        // Revalidated on each load, so a daemon upgrade never pairs an old page with a new script.
        h.put(HttpHeader.CACHE_CONTROL, "no-cache");
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        ex.response.write(true, ByteBuffer.wrap(bytes), ex.callback);
    }

    private static byte[] load(String name) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(DIR + name)) {
            if (in == null) throw new IllegalStateException("dashboard asset missing from the jar: " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
