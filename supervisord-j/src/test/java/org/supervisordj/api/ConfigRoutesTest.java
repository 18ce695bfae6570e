package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.process.ProcessState;

/** The JSON routes of ctl's avail, add, remove, clear and maintail, over the XML-RPC methods' engine work. */
class ConfigRoutesTest {

    private static final String ONE = """
            [program:web]
            command=sh -c 'echo hello; exec sleep 1000'
            startsecs=0
            priority=7
            """;

    @Test
    void configListsAutostartAndPrioritiesAndAddRemoveApplyOneGroup(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, ONE)) {
            d.awaitState("web", ProcessState.RUNNING);
            d.rewrite(ONE + "[program:extra]\ncommand=sleep 1000\nstartsecs=0\nautostart=false\n");

            JsonNode config = TestDaemon.json(d.get("/api/v1/config").body());
            JsonNode extra = null;
            for (JsonNode p : config.get("processes")) if (p.get("name").asText().equals("extra")) extra = p;
            assertTrue(extra != null, config.toString());
            assertFalse(extra.get("inuse").asBoolean(), "read, not applied");
            assertFalse(extra.get("autostart").asBoolean());
            assertEquals(999, extra.get("group_prio").asInt());
            assertEquals(7, config.get("processes").get(1).get("process_prio").asInt(), "web, sorted after extra: " + config);

            HttpResponse<String> add = d.post("/api/v1/groups/extra/add", null);
            assertEquals(200, add.statusCode(), add.body());
            TestDaemon.await(() -> d.engine.snapshot().stream().anyMatch(p -> p.name().equals("extra")), "extra added");
            assertEquals(ProcessState.STOPPED, d.info("extra").state(), "autostart=false");
            HttpResponse<String> again = d.post("/api/v1/groups/extra/add", null);
            ProcessRoutesTest.assertFault(again.statusCode(), again.body(), 409, "ALREADY_ADDED");

            HttpResponse<String> running = d.post("/api/v1/groups/web/remove", null);
            ProcessRoutesTest.assertFault(running.statusCode(), running.body(), 409, "STILL_RUNNING");
            HttpResponse<String> remove = d.post("/api/v1/groups/extra/remove", null);
            assertEquals(200, remove.statusCode(), remove.body());
            assertTrue(d.engine.snapshot().stream().noneMatch(p -> p.name().equals("extra")));
            HttpResponse<String> unknown = d.post("/api/v1/groups/nope/remove", null);
            ProcessRoutesTest.assertFault(unknown.statusCode(), unknown.body(), 404, "BAD_NAME");
        }
    }

    @Test
    void clearEmptiesTheLogsAndTheDaemonLogIsReadable(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, ONE)) {
            d.awaitState("web", ProcessState.RUNNING);
            Path log = Path.of(d.info("web").stdoutLogfile());
            TestDaemon.await(() -> {
                try {
                    return Files.readString(log).contains("hello");
                } catch (java.io.IOException e) {
                    return false;
                }
            }, "web's hello");
            HttpResponse<String> clear = d.post("/api/v1/processes/web/clear", null);
            assertEquals(200, clear.statusCode(), clear.body());
            assertEquals("OK", TestDaemon.json(clear.body()).get("results").get(0).get("status").asText());
            TestDaemon.await(() -> {
                try {
                    return Files.size(log) == 0;
                } catch (java.io.IOException e) {
                    return false;
                }
            }, "an empty log");
            HttpResponse<String> all = d.post("/api/v1/processes/all/clear", null);
            assertEquals("web", TestDaemon.json(all.body()).get("results").get(0).get("namespec").asText(), all.body());
            HttpResponse<String> nope = d.post("/api/v1/processes/nope/clear", null);
            ProcessRoutesTest.assertFault(nope.statusCode(), nope.body(), 404, "BAD_NAME");

            HttpResponse<String> mainlog = d.get("/api/v1/daemon/log?offset=0");
            assertEquals(200, mainlog.statusCode(), mainlog.body());
        }
    }
}
