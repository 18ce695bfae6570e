package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.posix.ProcessSignals;
import org.supervisordj.posix.Signals;
import org.supervisordj.process.ProcessInfo;
import org.supervisordj.process.ProcessState;

/** GET /metrics of a real engine with real children: promtool accepts it, and it follows what happens. */
class MetricsTest {

    // Each prints a line on stdout and one on stderr before it counts as ready (the log bytes show it).
    static final String PROGRAMS = """
            [program:web]
            command=sh -c 'echo web up; echo web warns >&2; exec sleep 1000'
            startsecs=0
            autorestart=true

            [program:job]
            command=sh -c 'echo job up; echo job warns >&2; exec sleep 1000'
            startsecs=0
            autorestart=false

            [program:checked]
            command=sleep 1000
            startsecs=0
            healthcheck=exec:true
            healthcheck_interval=1
            """;

    @Test
    void promtoolAcceptsTheScrapeAndItFollowsKillsAndRestarts(@TempDir Path dir) throws Exception {
        Path promtool = Promtool.require(Promtool.PROMTOOL);
        try (TestDaemon d = TestDaemon.start(dir, PROGRAMS)) {
            int webPid = d.awaitState("web", ProcessState.RUNNING).pid();
            int jobPid = d.awaitState("job", ProcessState.RUNNING).pid();
            TestDaemon.await(() -> value(d, "supervisord_process_log_bytes_total", "web", "stderr") > 0
                    && value(d, "supervisord_process_log_bytes_total", "job", "stderr") > 0, "both programs' output");

            HttpResponse<String> first = d.get("/metrics");
            assertEquals(200, first.statusCode(), first.body());
            assertTrue(first.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    first.headers().toString());
            check(promtool, dir, first.body());
            Map<String, Double> m = parse(first.body());
            assertEquals(1.0, m.get("supervisord_process_up{group=\"web\",name=\"web\"}"), first.body());
            assertEquals(1.0, m.get("supervisord_process_state{group=\"web\",name=\"web\",supervisord_process_state=\"RUNNING\"}"));
            assertEquals(0.0, m.get("supervisord_process_state{group=\"web\",name=\"web\",supervisord_process_state=\"STOPPED\"}"));
            assertEquals(0.0, m.get("supervisord_process_restarts_total{group=\"web\",name=\"web\"}"));
            assertEquals("web up\n".length(), m.get("supervisord_process_log_bytes_total{group=\"web\",name=\"web\",stream=\"stdout\"}"));
            assertEquals("web warns\n".length(), m.get("supervisord_process_log_bytes_total{group=\"web\",name=\"web\",stream=\"stderr\"}"));
            assertFalse(m.containsKey("supervisord_process_exit_code{group=\"web\",name=\"web\"}"), "never exited yet");
            assertTrue(m.get("supervisord_process_start_time_seconds{group=\"web\",name=\"web\"}") > 1.7e9);
            assertEquals(1.0, m.get("supervisord_daemon_info{identifier=\"apitest\",version=\"0.1.0-test\"}"), first.body());
            assertEquals(1.0, m.get("supervisord_config_file_info{main=\"true\",path=\"" + d.confFile + "\"}"), first.body());
            assertEquals(3.0, m.get("supervisord_spawn_duration_seconds_count"), "three spawns so far");
            assertFalse(m.containsKey("supervisord_process_healthy{group=\"web\",name=\"web\"}"), "web has no check");
            assertTrue(m.get("supervisord_spawn_duration_seconds_sum") > 0);

            // web is killed and comes back by itself: a restart is counted, with the signal death.
            ProcessSignals.kill(webPid, Signals.KILL);
            TestDaemon.await(() -> d.info("web").state() == ProcessState.RUNNING && d.info("web").pid() != webPid,
                    "web to be restarted with a new pid");
            TestDaemon.await(() -> value(d, "supervisord_process_log_bytes_total", "web", "stderr") == 2 * "web warns\n".length(),
                    "the restarted web's output");
            // job is killed and stays down (autorestart=false): up flips to 0.
            ProcessSignals.kill(jobPid, Signals.KILL);
            d.awaitState("job", ProcessState.EXITED);

            String second = d.get("/metrics").body();
            check(promtool, dir, second);
            m = parse(second);
            assertEquals(1.0, m.get("supervisord_process_restarts_total{group=\"web\",name=\"web\"}"), second);
            assertEquals(1.0, m.get("supervisord_process_up{group=\"web\",name=\"web\"}"));
            assertEquals(-1.0, m.get("supervisord_process_exit_code{group=\"web\",name=\"web\"}"), "died of a signal");
            assertEquals(0.0, m.get("supervisord_process_up{group=\"job\",name=\"job\"}"), second);
            assertEquals(1.0, m.get("supervisord_process_state{group=\"job\",name=\"job\",supervisord_process_state=\"EXITED\"}"));
            assertEquals(0.0, m.get("supervisord_process_restarts_total{group=\"job\",name=\"job\"}"));
            assertEquals(4.0, m.get("supervisord_spawn_duration_seconds_count"));
            assertTrue(m.get("supervisord_api_requests_total{code=\"200\",method=\"GET\",route=\"/metrics\"}") >= 2,
                    "the earlier scrapes are counted");

            TestDaemon.await(() -> Double.valueOf(1.0).equals(parse(d.get("/metrics").body())
                    .get("supervisord_process_healthy{group=\"checked\",name=\"checked\"}")), "checked to be healthy");

            // Started again through the API: up is back, and that request is counted by its route.
            assertEquals(200, d.post("/api/v1/processes/job/start", null).statusCode());
            ProcessInfo job = d.awaitState("job", ProcessState.RUNNING);
            assertNotEquals(jobPid, job.pid());
            m = parse(d.get("/metrics").body());
            assertEquals(1.0, m.get("supervisord_process_up{group=\"job\",name=\"job\"}"));
            assertEquals(1.0, m.get("supervisord_api_requests_total{code=\"200\",method=\"POST\",route=\"/api/v1/processes/{namespec}/start\"}"));
        }
    }

    @Test
    void openMetricsWhenAskedFor(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, PROGRAMS)) {
            d.awaitState("web", ProcessState.RUNNING);
            HttpResponse<String> r = d.send(HttpRequest.newBuilder(d.uri("/metrics"))
                    .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"));
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
            assertTrue(r.body().contains("# TYPE supervisord_process_state stateset"), r.body());
            assertTrue(r.body().endsWith("# EOF\n"), r.body());
        }
    }

    @Test
    void credentialsAreRequiredWhenConfigured(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, PROGRAMS, "prom", "scrape-s3cret", "")) {
            d.awaitState("web", ProcessState.RUNNING);
            HttpResponse<String> none = d.http.send(HttpRequest.newBuilder(d.uri("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, none.statusCode());
            assertFalse(none.body().contains("supervisord_"), none.body());
            HttpResponse<String> wrong = d.http.send(HttpRequest.newBuilder(d.uri("/metrics"))
                    .header("Authorization", TestDaemon.basic("prom", "guess")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, wrong.statusCode());
            assertEquals(401, RawHttp.unix(d.api.unixSocket(), "GET", "/metrics", null).status());

            HttpResponse<String> ok = d.get("/metrics"); // with the credentials
            assertEquals(200, ok.statusCode());
            assertEquals(200, d.unix("GET", "/metrics", null).status());
            Map<String, Double> m = parse(d.get("/metrics").body());
            assertEquals(3.0, m.get("supervisord_api_requests_total{code=\"401\",method=\"GET\",route=\"none\"}"),
                    "the refused scrapes, counted without a route");
        }
    }

    /** Scrapes once and returns the value of {@code metric} for process {@code name} and {@code stream}. */
    private static double value(TestDaemon d, String metric, String name, String stream) {
        Double v = parse(d.get("/metrics").body()).get(metric + "{group=\"" + name + "\",name=\"" + name
                + "\",stream=\"" + stream + "\"}");
        return v == null ? -1 : v;
    }

    /** Sample lines of the Prometheus text format by their name and labels as written. */
    static Map<String, Double> parse(String exposition) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    /** Runs {@code promtool check metrics} on {@code exposition}; it must find no problem at all. */
    static void check(Path promtool, Path dir, String exposition) throws Exception {
        Path in = Files.writeString(Files.createTempFile(dir, "scrape", ".txt"), exposition);
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(in.toFile())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(TestDaemon.DEADLINE.toSeconds(), TimeUnit.SECONDS), "promtool hangs");
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + said + "\non:\n" + exposition);
        assertEquals("", said.trim(), "promtool's lint:\n" + said);
    }
}
