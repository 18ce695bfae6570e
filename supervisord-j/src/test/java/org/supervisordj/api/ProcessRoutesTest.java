package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.process.ProcessState;

/** Every process route over TCP and over the Unix socket, and the faults they answer with. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessRoutesTest {

    Path dir;
    TestDaemon d;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        d = TestDaemon.start(dir, """
                [program:web]
                command=sleep 1000
                startsecs=0
                stopwaitsecs=2

                [program:idle]
                command=sleep 1000
                autostart=false
                startsecs=0

                [program:idle2]
                command=sleep 1000
                autostart=false
                startsecs=0

                [program:worker]
                command=sleep 1000
                numprocs=2
                process_name=%(program_name)s_%(process_num)d
                startsecs=0

                [program:hup]
                command=sh -c "trap 'echo got-hup' HUP; echo hup-ready; while :; do sleep 0.1; done"
                startsecs=0

                [program:crash]
                command=sh -c "echo boom-on-stderr >&2; exit 3"
                autostart=false
                startsecs=10
                startretries=0
                autorestart=false

                [program:late]
                command=sh -c "(sleep 0.5; echo late-words >&2) & exit 3"
                autostart=false
                startsecs=10
                startretries=0
                autorestart=false

                [program:lazy]
                command=sleep 1000
                autostart=false
                startsecs=300

                [program:missing]
                command=/nonexistent/supervisord-j-test-binary
                autostart=false
                startsecs=0
                startretries=0
                """);
        for (String p : List.of("web", "worker:worker_0", "worker:worker_1", "hup")) d.awaitState(p, ProcessState.RUNNING);
        Path hupLog = Path.of(d.info("hup").stdoutLogfile());
        TestDaemon.await(() -> count(hupLog, "hup-ready") > 0, "hup's trap (a HUP before it would end sh)");
    }

    @AfterAll
    void stop() throws Exception {
        if (d != null) d.close();
    }

    @Test
    void healthzAndDaemonOverBothListeners() throws Exception {
        HttpResponse<String> tcp = d.get("/healthz");
        assertEquals(200, tcp.statusCode());
        assertEquals("ok", TestDaemon.json(tcp.body()).get("status").asText());
        RawHttp.Response unix = d.unix("GET", "/healthz", null);
        assertEquals(200, unix.status());
        assertEquals("application/json", unix.headers().get("content-type"));

        for (String body : List.of(d.get("/api/v1/daemon").body(), d.unix("GET", "/api/v1/daemon", null).text())) {
            JsonNode daemon = TestDaemon.json(body);
            assertEquals("0.1.0-test", daemon.get("version").asText());
            assertEquals(ProcessHandle.current().pid(), daemon.get("pid").asLong());
            assertEquals(1_764_081_000L, daemon.get("start").asLong());
            assertEquals("RUNNING", daemon.get("state").asText());
            assertEquals("apitest", daemon.get("identifier").asText());
            assertEquals(d.confFile.toString(), daemon.get("config_files").get(0).asText());
        }
    }

    @Test
    void listsEveryProcessSortedWithSupervisordFields() throws Exception {
        for (String body : List.of(d.get("/api/v1/processes").body(), d.unix("GET", "/api/v1/processes", null).text())) {
            JsonNode list = TestDaemon.json(body).get("processes");
            assertEquals(List.of("crash", "hup", "idle", "idle2", "late", "lazy", "missing", "web", "worker_0", "worker_1"),
                    names(list));
            JsonNode web = list.get(7);
            assertEquals("web", web.get("namespec").asText());
            assertEquals("RUNNING", web.get("state").asText());
            assertEquals(20, web.get("statecode").asInt());
            assertEquals(d.info("web").pid(), web.get("pid").asInt());
            assertTrue(web.get("next_retry").isNull());
            assertTrue(web.get("description").asText().startsWith("pid " + d.info("web").pid() + ", uptime "));
            assertTrue(web.get("stdout_logfile").asText().startsWith(dir.toString()));
            for (String field : List.of("name", "group", "start", "stop", "now", "uptime_s", "exitstatus", "spawnerr",
                    "restarts", "stderr_logfile")) {
                assertTrue(web.has(field), field);
            }
            assertEquals("worker:worker_1", list.get(9).get("namespec").asText());
        }
    }

    @Test
    void getsByNamespecGroupAndAll() throws Exception {
        assertEquals(List.of("worker_0", "worker_1"), names(body(d.get("/api/v1/processes/worker:*")).get("processes")));
        assertEquals(List.of("worker_0", "worker_1"), names(body(d.get("/api/v1/processes/worker")).get("processes")));
        assertEquals(List.of("worker_1"), names(TestDaemon.json(
                d.unix("GET", "/api/v1/processes/worker%3Aworker_1", null).text()).get("processes")));
        assertEquals(10, body(d.get("/api/v1/processes/all")).get("processes").size());
        HttpResponse<String> missing = d.get("/api/v1/processes/nope");
        assertFault(missing.statusCode(), missing.body(), 404, "BAD_NAME");
        assertTrue(TestDaemon.json(missing.body()).get("error").get("message").asText().contains("nope"));
    }

    @Test
    void startStopAndTheirConflictsOverTcp() {
        HttpResponse<String> started = d.post("/api/v1/processes/idle/start", null);
        assertEquals(200, started.statusCode(), started.body());
        JsonNode r = body(started).get("results").get(0);
        assertEquals("OK", r.get("status").asText());
        assertEquals("idle", r.get("namespec").asText());
        d.awaitState("idle", ProcessState.RUNNING);

        HttpResponse<String> again = d.post("/api/v1/processes/idle/start", null);
        assertFault(again.statusCode(), again.body(), 409, "ALREADY_STARTED");
        assertEquals("ALREADY_STARTED", body(again).get("results").get(0).get("status").asText());

        HttpResponse<String> stopped = d.post("/api/v1/processes/idle/stop", null);
        assertEquals(200, stopped.statusCode(), stopped.body());
        TestDaemon.await(() -> d.info("idle").state().isStopped(), "idle stopped in the snapshot");

        HttpResponse<String> stopAgain = d.post("/api/v1/processes/idle/stop", null);
        assertFault(stopAgain.statusCode(), stopAgain.body(), 409, "NOT_RUNNING");
    }

    @Test
    void startStopAndTheirConflictsOverUnixSocket() throws Exception {
        RawHttp.Response started = d.unix("POST", "/api/v1/processes/idle2/start?wait=true", null);
        assertEquals(200, started.status(), started.text());
        RawHttp.Response again = d.unix("POST", "/api/v1/processes/idle2/start", null);
        assertFault(again.status(), again.text(), 409, "ALREADY_STARTED");
        RawHttp.Response stopped = d.unix("POST", "/api/v1/processes/idle2/stop", null);
        assertEquals(200, stopped.status(), stopped.text());
        RawHttp.Response stopAgain = d.unix("POST", "/api/v1/processes/idle2/stop", null);
        assertFault(stopAgain.status(), stopAgain.text(), 409, "NOT_RUNNING");
        RawHttp.Response badName = d.unix("POST", "/api/v1/processes/nope/stop", null);
        assertFault(badName.status(), badName.text(), 404, "BAD_NAME");
        RawHttp.Response badWait = d.unix("POST", "/api/v1/processes/idle2/start?wait=maybe", null);
        assertFault(badWait.status(), badWait.text(), 400, "BAD_ARGUMENTS");
    }

    @Test
    void waitFalseAnswersOnceAccepted() {
        long t0 = System.nanoTime();
        HttpResponse<String> r = d.post("/api/v1/processes/lazy/start?wait=false", null);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(System.nanoTime() - t0 < 60_000_000_000L, "did not wait for startsecs=300");
        d.awaitState("lazy", ProcessState.STARTING);
        JsonNode listed = body(d.get("/api/v1/processes/lazy")).get("processes").get(0);
        assertEquals("STARTING", listed.get("state").asText());
        assertEquals(0, listed.get("uptime_s").asLong());
        assertEquals(200, d.post("/api/v1/processes/lazy/stop?wait=true", null).statusCode());
        // The snapshot is published after the engine's step, a moment after the stop's future completes.
        TestDaemon.await(() -> d.info("lazy").state().isStopped(), "lazy stopped in the snapshot");
    }

    @Test
    void restartGivesANewPidOverBothListeners() throws Exception {
        int before = d.info("worker:worker_0").pid();
        HttpResponse<String> r = d.post("/api/v1/processes/worker:worker_0/restart", null);
        assertEquals(200, r.statusCode(), r.body());
        int after = d.awaitState("worker:worker_0", ProcessState.RUNNING).pid();
        assertNotEquals(before, after);

        RawHttp.Response viaUnix = d.unix("POST", "/api/v1/processes/worker:worker_1/restart", null);
        assertEquals(200, viaUnix.status(), viaUnix.text());
    }

    @Test
    void rollingRestartRestartsEachProcessOfTheGroupInOrder() throws Exception {
        int first = d.awaitState("worker:worker_0", ProcessState.RUNNING).pid();
        int second = d.awaitState("worker:worker_1", ProcessState.RUNNING).pid();
        HttpResponse<String> r = d.post("/api/v1/processes/worker:*/restart?rolling=true", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode results = TestDaemon.JSON.readTree(r.body()).get("results");
        assertEquals(List.of("worker:worker_0", "worker:worker_1"),
                List.of(results.get(0).get("namespec").asText(), results.get(1).get("namespec").asText()));
        assertNotEquals(first, d.awaitState("worker:worker_0", ProcessState.RUNNING).pid());
        assertNotEquals(second, d.awaitState("worker:worker_1", ProcessState.RUNNING).pid());

        HttpResponse<String> noWait = d.post("/api/v1/processes/worker:*/restart?rolling=true&wait=false", null);
        assertEquals(400, noWait.statusCode(), noWait.body());
        assertTrue(noWait.body().contains("a rolling restart always waits"), noWait.body());
    }

    @Test
    void signalDeliversByNameWithOrWithoutSigAndByNumber() throws Exception {
        Path log = Path.of(d.info("hup").stdoutLogfile());
        int seen = 0;
        for (String sig : List.of("\"HUP\"", "\"SIGHUP\"", "1")) { // one at a time: pending signals coalesce
            HttpResponse<String> r = d.post("/api/v1/processes/hup/signal", "{\"signal\": " + sig + "}");
            assertEquals(200, r.statusCode(), r.body());
            int expected = ++seen;
            TestDaemon.await(() -> count(log, "got-hup") >= expected, expected + " HUPs trapped, signal " + sig);
        }
        RawHttp.Response viaUnix = d.unix("POST", "/api/v1/processes/hup/signal", "{\"signal\":\"HUP\"}");
        assertEquals(200, viaUnix.status(), viaUnix.text());
        TestDaemon.await(() -> count(log, "got-hup") >= 4, "a fourth HUP trapped");
        assertEquals(ProcessState.RUNNING, d.info("hup").state());
    }

    @Test
    void signalFaults() throws Exception {
        HttpResponse<String> badSignal = d.post("/api/v1/processes/hup/signal", "{\"signal\": \"NOPE\"}");
        assertFault(badSignal.statusCode(), badSignal.body(), 400, "BAD_SIGNAL");
        HttpResponse<String> unknownField = d.post("/api/v1/processes/hup/signal", "{\"signal\": \"HUP\", \"force\": true}");
        assertFault(unknownField.statusCode(), unknownField.body(), 400, "BAD_ARGUMENTS");
        assertTrue(unknownField.body().contains("force"), unknownField.body());
        HttpResponse<String> malformed = d.post("/api/v1/processes/hup/signal", "{\"signal\": ");
        assertFault(malformed.statusCode(), malformed.body(), 400, "BAD_ARGUMENTS");
        HttpResponse<String> missing = d.post("/api/v1/processes/hup/signal", "{}");
        assertFault(missing.statusCode(), missing.body(), 400, "INCORRECT_PARAMETERS");
        HttpResponse<String> empty = d.post("/api/v1/processes/hup/signal", null);
        assertFault(empty.statusCode(), empty.body(), 400, "INCORRECT_PARAMETERS");
        RawHttp.Response notRunning = d.unix("POST", "/api/v1/processes/crash/signal", "{\"signal\":\"HUP\"}");
        assertFault(notRunning.status(), notRunning.text(), 409, "NOT_RUNNING");
        // A body over 64 KiB is refused from its Content-Length, before any of it is read. (Sending the
        // body too would race the early answer: see HostileTest.)
        java.net.URI base = d.uri("/");
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                new java.net.InetSocketAddress(base.getHost(), base.getPort()))) {
            String head = "POST /api/v1/processes/hup/signal HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (70 * 1024) + "\r\n\r\n";
            ch.write(java.nio.ByteBuffer.wrap(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            String got = RawHttp.readUntil(ch, t -> t.contains("}}"), TestDaemon.DEADLINE);
            assertTrue(got.startsWith("HTTP/1.1 413") && got.contains("BODY_TOO_LARGE"), got);
        }
        assertEquals(ProcessState.RUNNING, d.info("hup").state());
    }

    @Test
    void spawnErrorIs500() {
        HttpResponse<String> r = d.post("/api/v1/processes/missing/start", null);
        assertFault(r.statusCode(), r.body(), 500, "SPAWN_ERROR");
        JsonNode result = body(r).get("results").get(0);
        assertEquals("SPAWN_ERROR", result.get("status").asText());
        assertTrue(result.has("stderr_tail"), r.body());
    }

    @Test
    void failedStartCarriesTheStderrTail() {
        HttpResponse<String> r = d.post("/api/v1/processes/crash/start", null);
        assertEquals(500, r.statusCode(), r.body());
        JsonNode b = body(r);
        String code = b.get("error").get("code").asText();
        assertTrue(code.equals("ABNORMAL_TERMINATION") || code.equals("SPAWN_ERROR"), r.body());
        assertTrue(b.get("results").get(0).get("stderr_tail").asText().contains("boom-on-stderr"), r.body());
    }

    @Test
    void aFailedStartsTailWaitsForOutputThatComesAfterTheExit() {
        // The program exits at once; what it started writes to the same stderr half a second later.
        HttpResponse<String> r = d.post("/api/v1/processes/late/start", null);
        assertEquals(500, r.statusCode(), r.body());
        assertTrue(body(r).get("results").get(0).get("stderr_tail").asText().contains("late-words"), r.body());
    }

    @Test
    void unknownRoutesAndWrongMethods() throws Exception {
        HttpResponse<String> route = d.get("/api/v1/nope");
        assertFault(route.statusCode(), route.body(), 404, "NOT_FOUND");
        HttpResponse<String> method = d.get("/api/v1/processes/web/start");
        assertFault(method.statusCode(), method.body(), 405, "METHOD_NOT_ALLOWED");
        assertEquals("POST", method.headers().firstValue("Allow").orElse(""));
        RawHttp.Response delete = d.unix("DELETE", "/api/v1/processes", null);
        assertFault(delete.status(), delete.text(), 405, "METHOD_NOT_ALLOWED");
        RawHttp.Response unixRoute = d.unix("GET", "/etc/passwd", null);
        assertFault(unixRoute.status(), unixRoute.text(), 404, "NOT_FOUND");
    }

    static void assertFault(int status, String body, int expectedStatus, String code) {
        assertEquals(expectedStatus, status, body);
        assertEquals(code, TestDaemon.json(body).get("error").get("code").asText(), body);
        assertTrue(TestDaemon.json(body).get("error").hasNonNull("message"), body);
    }

    static JsonNode body(HttpResponse<String> r) {
        return TestDaemon.json(r.body());
    }

    static List<String> names(JsonNode list) {
        List<String> out = new java.util.ArrayList<>();
        list.forEach(p -> out.add(p.get("name").asText()));
        return out;
    }

    static int count(Path file, String word) {
        try {
            String s = Files.readString(file);
            int n = 0;
            for (int i = s.indexOf(word); i >= 0; i = s.indexOf(word, i + 1)) n++;
            return n;
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
