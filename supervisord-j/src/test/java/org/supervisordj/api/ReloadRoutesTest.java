package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.process.ProcessState;

/** reread, update and shutdown. */
class ReloadRoutesTest {

    private static final String BEFORE = """
            [program:keep]
            command=sleep 1000
            startsecs=0

            [program:change]
            command=sleep 1000
            startsecs=0
            stopwaitsecs=2

            [program:gone]
            command=sleep 1000
            startsecs=0
            stopwaitsecs=2
            """;
    private static final String AFTER = """
            [program:keep]
            command=sleep 1000
            startsecs=0

            [program:change]
            command=sleep 1001
            startsecs=0
            stopwaitsecs=2

            [program:added]
            command=sleep 1000
            startsecs=0
            """;

    @Test
    void rereadReportsAndUpdateApplies(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, BEFORE)) {
            int keep = d.awaitState("keep", ProcessState.RUNNING).pid();
            int change = d.awaitState("change", ProcessState.RUNNING).pid();
            d.awaitState("gone", ProcessState.RUNNING);
            d.rewrite(AFTER);

            for (String body : List.of(d.post("/api/v1/reread", null).body(), d.unix("POST", "/api/v1/reread", null).text())) {
                assertChanges(TestDaemon.json(body));
            }
            assertEquals(change, d.info("change").pid(), "reread applies nothing");
            assertTrue(d.engine.snapshot().stream().noneMatch(p -> p.name().equals("added")));

            HttpResponse<String> update = d.post("/api/v1/update", null);
            assertEquals(200, update.statusCode(), update.body());
            assertChanges(TestDaemon.json(update.body()));
            TestDaemon.await(() -> d.engine.snapshot().stream().noneMatch(p -> p.name().equals("gone")), "gone removed");
            d.awaitState("added", ProcessState.RUNNING);
            int changed = d.awaitState("change", ProcessState.RUNNING).pid();
            assertNotEquals(change, changed, "a changed program restarts");
            assertEquals(keep, d.info("keep").pid(), "an unchanged program keeps its pid");
            assertEquals(ProcessState.RUNNING, d.info("keep").state());

            JsonNode again = TestDaemon.json(d.unix("POST", "/api/v1/update", null).text());
            assertEquals(0, again.get("added").size() + again.get("changed").size() + again.get("removed").size());
        }
    }

    @Test
    void aRollingUpdateAnswersEachRolledProcessAndAFailedOneWithItsError(@TempDir Path dir) throws Exception {
        String group = "[program:w]\ncommand=%s\nnumprocs=2\nprocess_name=w_%%(process_num)d\nstartsecs=1\n"
                + "startretries=0\nstopsignal=KILL\n";
        try (TestDaemon d = TestDaemon.start(dir, group.formatted("sleep 1000"))) {
            d.awaitState("w:w_0", ProcessState.RUNNING);
            int second = d.awaitState("w:w_1", ProcessState.RUNNING).pid();
            d.rewrite(group.formatted("sleep 1001"));
            HttpResponse<String> ok = d.post("/api/v1/update?rolling=true", null);
            assertEquals(200, ok.statusCode(), ok.body());
            JsonNode body = TestDaemon.json(ok.body());
            assertEquals("w", body.get("changed").get(0).asText());
            assertEquals(List.of("w:w_0", "w:w_1"), List.of(body.get("rolled").get(0).get("namespec").asText(),
                    body.get("rolled").get(1).get("namespec").asText()));
            assertNotEquals(second, d.awaitState("w:w_1", ProcessState.RUNNING).pid());

            int serving = d.info("w:w_1").pid();
            d.rewrite(group.formatted("false"));
            HttpResponse<String> failed = d.post("/api/v1/update?rolling=true", null);
            JsonNode f = TestDaemon.json(failed.body());
            assertNotEquals(200, failed.statusCode(), failed.body());
            assertEquals("FAILED", f.get("rolled").get(1).get("status").asText(), failed.body());
            assertTrue(f.get("error").get("message").asText().startsWith("w:w_0: "), failed.body());
            assertEquals(serving, d.info("w:w_1").pid(), "the old process keeps running");
            assertEquals(ProcessState.RUNNING, d.info("w:w_1").state());
        }
    }

    @Test
    void aBrokenConfigurationIsRejectedWhole(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, BEFORE)) {
            int change = d.awaitState("change", ProcessState.RUNNING).pid();
            d.rewrite(AFTER + "\n[program:bad]\ncommand=sleep 1\nstartsecs=soon\n");
            for (HttpResponse<String> r : List.of(d.post("/api/v1/reread", null), d.post("/api/v1/update", null))) {
                ProcessRoutesTest.assertFault(r.statusCode(), r.body(), 400, "CANT_REREAD");
                JsonNode errors = TestDaemon.json(r.body()).get("errors");
                assertTrue(errors.size() >= 1 && errors.get(0).asText().contains("startsecs"), r.body());
            }
            assertEquals(change, d.info("change").pid(), "nothing changed");
            assertTrue(d.engine.snapshot().stream().anyMatch(p -> p.name().equals("gone")));
        }
    }

    @Test
    void shutdownAnswers202ThenStopsEverything(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, BEFORE)) {
            d.awaitState("keep", ProcessState.RUNNING);
            HttpResponse<String> r = d.post("/api/v1/shutdown", null);
            assertEquals(202, r.statusCode(), r.body());
            assertEquals("shutting down", TestDaemon.json(r.body()).get("status").asText());
            TestDaemon.await(() -> d.engine.snapshot().stream().allMatch(p -> p.state().isStopped()), "all stopped");
            assertEquals("SHUTDOWN", TestDaemon.json(d.get("/api/v1/daemon").body()).get("state").asText());
            HttpResponse<String> start = d.post("/api/v1/processes/keep/start", null);
            ProcessRoutesTest.assertFault(start.statusCode(), start.body(), 503, "SHUTDOWN_STATE");
            RawHttp.Response update = d.unix("POST", "/api/v1/update", null);
            ProcessRoutesTest.assertFault(update.status(), update.text(), 503, "SHUTDOWN_STATE");
            assertFalse(d.log.isEmpty());
        }
    }

    private static void assertChanges(JsonNode b) {
        assertEquals("[\"added\"]", b.get("added").toString());
        assertEquals("[\"change\"]", b.get("changed").toString());
        assertEquals("[\"gone\"]", b.get("removed").toString());
        assertTrue(b.get("warnings").isArray());
    }
}
