package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.process.ProcessState;

/**
 * A real Prometheus server (Debian's) scrapes a daemon's /metrics with Basic auth, as
 * docs/metrics.md tells users to; one job with the right password, one with a wrong one.
 */
class PrometheusScrapeTest {

    @Test
    void prometheusScrapesWithBasicAuthAndQueriesUp(@TempDir Path dir) throws Exception {
        Path prometheus = Promtool.require(Promtool.PROMETHEUS);
        try (TestDaemon d = TestDaemon.start(dir, MetricsTest.PROGRAMS, "prom", "scrape-s3cret", "")) {
            d.awaitState("web", ProcessState.RUNNING);
            d.awaitState("job", ProcessState.RUNNING);
            // Every metric the dashboard uses has a sample: an exit code (job stopped) and a health verdict.
            assertEquals(200, d.post("/api/v1/processes/job/stop", null).statusCode());
            d.awaitState("job", ProcessState.STOPPED);
            TestDaemon.await(() -> d.get("/metrics").body().contains("supervisord_process_healthy{group=\"checked\""),
                    "checked's first health verdict");
            int webPort;
            try (ServerSocket probe = new ServerSocket(0)) {
                webPort = probe.getLocalPort();
            }
            String target = "['127.0.0.1:" + d.api.port() + "']";
            Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                    scrape_configs:
                      - job_name: supervisord-j
                        basic_auth: {username: prom, password: scrape-s3cret}
                        static_configs: [{targets: %s}]
                      - job_name: wrong-password
                        basic_auth: {username: prom, password: guess}
                        static_configs: [{targets: %s}]
                    """.formatted(target, target));
            Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + webPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                String api = "http://127.0.0.1:" + webPort + "/api/v1/query?query=";
                AtomicReference<JsonNode> up = new AtomicReference<>();
                // Both jobs scraped at least once: Prometheus has an up sample for each.
                TestDaemon.await(() -> {
                    up.set(query(http, api, "up"));
                    return up.get() != null && up.get().size() == 2;
                }, "Prometheus to scrape both jobs (its log: " + dir.resolve("prometheus.log") + ")");
                for (JsonNode sample : up.get()) {
                    String job = sample.path("metric").path("job").asText();
                    assertEquals(job.equals("supervisord-j") ? "1" : "0", sample.path("value").get(1).asText(), job);
                }
                AtomicReference<JsonNode> running = new AtomicReference<>();
                TestDaemon.await(() -> {
                    running.set(query(http, api, "sum(supervisord_process_up{job=\"supervisord-j\"})"));
                    return running.get() != null && running.get().size() == 1;
                }, "supervisord_process_up in Prometheus");
                assertEquals("2", running.get().get(0).path("value").get(1).asText());
                dashboardQueriesWork(http, api, d.get("/metrics").body());
            } finally {
                server.destroy();
                if (!server.waitFor(TestDaemon.DEADLINE.toSeconds(), TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * Every query of docs/grafana's dashboard, with its variables filled in as Grafana would, runs
     * in Prometheus, and every metric it names is one the daemon exposes.
     */
    private static void dashboardQueriesWork(HttpClient http, String api, String scrape) throws Exception {
        JsonNode dashboard = TestDaemon.json(Files.readString(docs().resolve("grafana/supervisord-j-dashboard.json")));
        java.util.List<String> exprs = new java.util.ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode t : panel.path("targets")) exprs.add(t.path("expr").asText());
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) exprs.add(v.path("definition").asText());
        }
        assertTrue(exprs.size() > 10, exprs.toString());
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("supervisord_\\w+").matcher(String.join(" ", exprs));
        while (names.find()) {
            String name = names.group();
            assertTrue(scrape.contains("\n" + name + "{") || scrape.contains("\n" + name + " "),
                    "the dashboard's " + name + " is not in the scrape");
        }
        for (String expr : exprs) {
            if (expr.startsWith("label_values(")) continue; // Grafana's own function; its metric is checked above
            String promql = expr.replace("$job", "supervisord-j").replace("$instance", ".*")
                    .replace("$__rate_interval", "15s").replace("$__range", "1m");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), promql + ": " + r.body());
        }
    }

    @Test
    void theDocumentedScrapeConfigIsValid() throws Exception {
        Path promtool = Promtool.require(Promtool.PROMTOOL);
        Process p = new ProcessBuilder(promtool.toString(), "check", "config", docs().resolve("prometheus.yml").toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(TestDaemon.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), said);
    }

    /** The repository's docs/ (tests run in the module directory). */
    static Path docs() {
        return Path.of("").toAbsolutePath().getParent().resolve("docs");
    }

    /** The result vector of an instant query, or null while Prometheus does not answer yet. */
    private static JsonNode query(HttpClient http, String api, String promql) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? TestDaemon.json(r.body()).path("data").path("result") : null;
        } catch (java.io.IOException e) {
            return null; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
