package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.process.ProcessState;

/**
 * supervisord's restart (every program stops and starts again from the reread files, the daemon
 * staying) and clearLog, through the JSON routes and XML-RPC.
 */
class RestartRoutesTest {

    private static final String PROGRAMS = """
            [program:web]
            command=/bin/sleep 600
            startsecs=0

            [program:gone]
            command=/bin/sleep 600
            startsecs=0
            """;

    @TempDir
    Path dir;
    private TestDaemon d;

    @AfterEach
    void stop() {
        if (d != null) d.close();
    }

    @Test
    void restartStopsEveryProgramAndStartsTheRereadConfiguration() throws Exception {
        d = TestDaemon.start(dir, PROGRAMS);
        int web = d.awaitState("web", ProcessState.RUNNING).pid();
        d.awaitState("gone", ProcessState.RUNNING);
        d.rewrite("[program:web]\ncommand=/bin/sleep 600\nstartsecs=0\n\n[program:fresh]\ncommand=/bin/sleep 600\nstartsecs=0\n");
        HttpResponse<String> r = d.post("/api/v1/restart", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = TestDaemon.json(r.body());
        assertEquals("[\"fresh\"]", body.get("added").toString());
        assertEquals("[\"web\"]", body.get("changed").toString()); // unchanged, yet restarted
        assertEquals("[\"gone\"]", body.get("removed").toString());
        TestDaemon.await(() -> d.engine.snapshot().stream().anyMatch(p -> p.name().equals("web")
                && p.state() == ProcessState.RUNNING && p.pid() != web), "web back with a new pid");
        d.awaitState("fresh", ProcessState.RUNNING);
        TestDaemon.await(() -> d.engine.snapshot().stream().noneMatch(p -> p.name().equals("gone")), "gone removed");
    }

    @Test
    void xmlRpcRestartAnswersTrueAndABadFileChangesNothing() throws Exception {
        d = TestDaemon.start(dir, PROGRAMS);
        int web = d.awaitState("web", ProcessState.RUNNING).pid();
        HttpResponse<String> ok = rpc("supervisor.restart");
        assertTrue(ok.body().contains("<boolean>1</boolean>"), ok.body());
        TestDaemon.await(() -> d.engine.snapshot().stream().anyMatch(p -> p.name().equals("web")
                && p.state() == ProcessState.RUNNING && p.pid() != web), "web back with a new pid");
        int again = d.info("web").pid();

        d.rewrite("[program:web]\ncommand=/bin/sleep 600\nstartsecs=forever\n");
        HttpResponse<String> bad = rpc("supervisor.restart");
        assertTrue(bad.body().contains("<int>92</int>") && bad.body().contains("CANT_REREAD: "), bad.body());
        assertTrue(bad.body().contains("startsecs"), bad.body());
        HttpResponse<String> json = d.post("/api/v1/restart", null);
        assertEquals(400, json.statusCode(), json.body());
        assertEquals("CANT_REREAD", TestDaemon.json(json.body()).at("/error/code").asText());
        assertEquals(again, d.info("web").pid());
        assertEquals(ProcessState.RUNNING, d.info("web").state());
    }

    @Test
    void clearLogEmptiesTheDaemonsLogFile() throws Exception {
        d = TestDaemon.start(dir, PROGRAMS);
        d.awaitState("web", ProcessState.RUNNING);
        Path log = dir.resolve("supervisord.log");
        HttpResponse<String> none = d.post("/api/v1/log/clear", null);
        assertEquals(409, none.statusCode(), none.body()); // the test daemon logs to memory: no file yet
        assertEquals("NO_FILE", TestDaemon.json(none.body()).at("/error/code").asText());
        assertTrue(rpc("supervisor.clearLog").body().contains("<int>20</int>"));

        Files.writeString(log, "2026-01-01 00:00:00,000 INFO old line\n");
        HttpResponse<String> r = d.post("/api/v1/log/clear", null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(0, Files.size(log));
        Files.writeString(log, "another old line\n");
        assertTrue(rpc("supervisor.clearLog").body().contains("<boolean>1</boolean>"));
        assertEquals(0, Files.size(log));
        assertTrue(d.log.stream().anyMatch(l -> l.contains("log file cleared")), d.log.toString());
        assertEquals(ProcessState.RUNNING, d.info("web").state());
    }

    private HttpResponse<String> rpc(String method) {
        HttpResponse<String> r = d.send(HttpRequest.newBuilder(d.uri("/RPC2")).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<?xml version='1.0'?><methodCall><methodName>" + method
                        + "</methodName><params></params></methodCall>")));
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }
}
