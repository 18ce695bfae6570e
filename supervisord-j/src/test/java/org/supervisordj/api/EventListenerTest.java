package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.process.ProcessState;

/**
 * [eventlistener:x] pools with real listener processes: a Python one on supervisor.childutils (as
 * users write them) and one in plain shell. They get supervisord's header line and payloads; FAILed
 * events and events in flight when a listener dies are sent again; a full buffer drops the oldest.
 */
class EventListenerTest {

    private static final Path RECORD_PY = Path.of("src/test/resources/listeners/record.py").toAbsolutePath();
    private static final Path RECORD_SH = Path.of("src/test/resources/listeners/record.sh").toAbsolutePath();

    @TempDir
    Path dir;

    private String pool(String name, String command, String events, String extra) {
        return "[eventlistener:" + name + "]\ncommand=" + command + "\nevents=" + events + "\nstartsecs=0\n"
                + "autorestart=true\n" + extra + "\n";
    }

    @Test
    void aChildutilsListenerGetsProcessStatesWithSupervisordsHeadersAndPayloads() throws Exception {
        Path out = dir.resolve("events.jsonl");
        try (TestDaemon d = TestDaemon.start(dir, pool("watch", "/usr/bin/python3 -u " + RECORD_PY + " " + out,
                "PROCESS_STATE_RUNNING,PROCESS_STATE_STOPPED", "")
                + "[program:web]\ncommand=sleep 1000\nstartsecs=0\nautostart=false\n")) {
            d.awaitState("watch", ProcessState.RUNNING);
            assertEquals(200, d.post("/api/v1/processes/web/start", null).statusCode());
            int pid = d.awaitState("web", ProcessState.RUNNING).pid();
            JsonNode running = awaitEvent(out, "PROCESS_STATE_RUNNING", "processname:web ");
            assertEquals("processname:web groupname:web from_state:STARTING pid:" + pid, running.get("payload").asText());
            JsonNode h = running.get("headers");
            assertEquals("3.0", h.get("ver").asText());
            assertEquals("apitest", h.get("server").asText());
            assertEquals("watch", h.get("pool").asText());
            assertEquals(String.valueOf(running.get("payload").asText().length()), h.get("len").asText());

            assertEquals(200, d.post("/api/v1/processes/web/stop", null).statusCode());
            JsonNode stopped = awaitEvent(out, "PROCESS_STATE_STOPPED", "processname:web ");
            assertEquals("processname:web groupname:web from_state:STOPPING pid:" + pid, stopped.get("payload").asText());
            long serial = Long.parseLong(stopped.get("headers").get("serial").asText());
            long poolserial = Long.parseLong(stopped.get("headers").get("poolserial").asText());
            assertTrue(serial > Long.parseLong(h.get("serial").asText()), "serials grow");
            assertEquals(Long.parseLong(h.get("poolserial").asText()) + 1, poolserial, "no other event for this pool between");
        }
    }

    @Test
    void aListenerSubscribedToProcessHealthGetsUnhealthyAndHealthyAsChildutilsParsesThem() throws Exception {
        Path out = dir.resolve("events.jsonl");
        Path sick = dir.resolve("sick");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path server = Path.of(EventListenerTest.class.getResource("/health/slow_server.py").toURI());
        try (TestDaemon d = TestDaemon.start(dir, pool("health", "/usr/bin/python3 -u " + RECORD_PY + " " + out,
                "PROCESS_HEALTH", "")
                + "[program:web]\ncommand=/usr/bin/python3 " + server + " " + port + " 0 " + dir.resolve("listened") + " "
                + sick + "\nready=tcp:127.0.0.1:" + port + "\nhealthcheck=http://127.0.0.1:" + port + "/\n"
                + "healthcheck_interval=1\nhealthcheck_fall=2\nhealthcheck_rise=2\nhealthcheck_action=report\n")) {
            d.awaitState("health", ProcessState.RUNNING);
            int pid = d.awaitState("web", ProcessState.RUNNING).pid();
            TestDaemon.await(() -> Boolean.TRUE.equals(d.info("web").health().healthy()), "web healthy");
            HttpResponse<Stream<String>> sse = d.http.send(HttpRequest.newBuilder(d.uri("/api/v1/events")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            List<String> lines = EventStreamTest.follow(sse);

            Files.writeString(sick, "");
            JsonNode unhealthy = awaitEvent(out, "PROCESS_HEALTH_UNHEALTHY", "processname:web ");
            assertEquals("processname:web groupname:web pid:" + pid + " failures:2\nHTTP 503", unhealthy.get("payload").asText());
            assertEquals(TestDaemon.json("{\"processname\":\"web\",\"groupname\":\"web\",\"pid\":\"" + pid
                    + "\",\"failures\":\"2\",\"data\":\"HTTP 503\"}"), unhealthy.get("fields"));
            Files.delete(sick);
            JsonNode healthy = awaitEvent(out, "PROCESS_HEALTH_HEALTHY", "processname:web ");
            assertEquals("processname:web groupname:web pid:" + pid + " passes:2\nHTTP 200", healthy.get("payload").asText());
            assertEquals("HTTP 200", healthy.get("fields").get("data").asText(), healthy.toString());

            // the same two on /api/v1/events, under their own names, with the result as a field
            JsonNode streamed = EventStreamTest.awaitData(lines, "PROCESS_HEALTH_UNHEALTHY");
            assertEquals("PROCESS_HEALTH_UNHEALTHY", streamed.get("eventname").asText());
            assertEquals("web", streamed.get("processname").asText());
            assertEquals("web", streamed.get("groupname").asText());
            assertEquals(pid, streamed.get("pid").asInt());
            assertEquals(2, streamed.get("failures").asInt());
            assertEquals("HTTP 503", streamed.get("result").asText(), streamed.toString());
            JsonNode back = EventStreamTest.awaitData(lines, "PROCESS_HEALTH_HEALTHY");
            assertEquals(2, back.get("passes").asInt(), back.toString());
            assertEquals("HTTP 200", back.get("result").asText(), back.toString());
            sse.body().close();
        }
    }

    @Test
    void aShellListenerGetsEveryEventOfItsPoolInOrder() throws Exception {
        Path out = dir.resolve("events.txt");
        try (TestDaemon d = TestDaemon.start(dir, pool("sh", RECORD_SH + " " + out, "PROCESS_STATE", "")
                + "[program:one]\ncommand=sleep 1000\nstartsecs=0\nautostart=false\n")) {
            d.awaitState("sh", ProcessState.RUNNING);
            assertEquals(200, d.post("/api/v1/processes/one/start", null).statusCode());
            TestDaemon.await(() -> read(out).contains("processname:one groupname:one from_state:STARTING pid:"),
                    "RUNNING of one in the shell listener's file");
            List<String> lines = List.of(read(out).split("\n"));
            List<String> headers = new ArrayList<>();
            for (int i = 0; i + 1 < lines.size(); i += 2) headers.add(lines.get(i));
            // Its own STARTING and RUNNING first (buffered until it was RUNNING), then one's.
            assertTrue(lines.get(1).startsWith("processname:sh groupname:sh from_state:STOPPED tries:0"), lines.toString());
            assertTrue(lines.get(0).matches("ver:3\\.0 server:apitest serial:\\d+ pool:sh poolserial:0 "
                    + "eventname:PROCESS_STATE_STARTING len:\\d+"), lines.get(0));
            assertTrue(headers.stream().anyMatch(x -> x.contains("eventname:PROCESS_STATE_RUNNING")), headers.toString());
            for (int i = 0; i < headers.size(); i++) {
                assertTrue(headers.get(i).contains(" poolserial:" + i + " "), headers.toString());
            }
        }
    }

    @Test
    void aFailedEventAndOneInFlightWhenTheListenerDiesAreSentAgain() throws Exception {
        Path out = dir.resolve("events.jsonl");
        Files.writeString(Path.of(out + ".fail"), "");
        try (TestDaemon d = TestDaemon.start(dir, pool("retry", "/usr/bin/python3 -u " + RECORD_PY + " " + out,
                "PROCESS_GROUP_ADDED", "")
                + "[program:web]\ncommand=sleep 1000\nautostart=false\n")) {
            d.awaitState("retry", ProcessState.RUNNING);
            // The pool's own PROCESS_GROUP_ADDED comes first: FAILed, it comes again and again.
            TestDaemon.await(() -> count(out, "groupname:retry\n") >= 2, "the event sent again after FAIL");
            Files.writeString(Path.of(out + ".die"), "");
            Files.delete(Path.of(out + ".fail"));
            // The next time it gets it, it dies without answering; its next run gets it once more, then web's.
            TestDaemon.await(() -> count(out, "groupname:web\n") == 1, "web's event, after the listener's restart");
            assertTrue(d.log.stream().anyMatch(l -> l.contains("exited: retry")), d.log.toString());
            List<JsonNode> all = events(out);
            String serial = all.get(0).get("headers").get("serial").asText();
            for (JsonNode e : all.subList(0, all.size() - 1)) {
                assertEquals("groupname:retry\n", e.get("payload").asText());
                assertEquals(serial, e.get("headers").get("serial").asText(), "the same event each time");
                assertEquals("0", e.get("headers").get("poolserial").asText());
            }
            assertEquals("1", all.get(all.size() - 1).get("headers").get("poolserial").asText());
            assertTrue(d.log.stream().anyMatch(l -> l.equals("WARN retry: event was rejected")), d.log.toString());
        }
    }

    @Test
    void aFullBufferDropsTheOldestEventSayingSo() throws Exception {
        // Never READY: every event stays in the pool's buffer of 2.
        try (TestDaemon d = TestDaemon.start(dir, pool("deaf", "sleep 1000", "PROCESS_STATE", "buffer_size=2")
                + "[program:web]\ncommand=sleep 1000\nstartsecs=0\nautostart=false\n")) {
            d.awaitState("deaf", ProcessState.RUNNING);
            assertEquals(200, d.post("/api/v1/processes/web/start", null).statusCode());
            d.awaitState("web", ProcessState.RUNNING);
            // deaf STARTING (0), deaf RUNNING (1), web STARTING (2) dropped 0, web RUNNING (3) dropped 1.
            TestDaemon.await(() -> d.log.contains("ERROR pool deaf event buffer overflowed, discarding event 1"),
                    "the overflow line");
            assertTrue(d.log.contains("ERROR pool deaf event buffer overflowed, discarding event 0"), d.log.toString());
            assertEquals(2, d.hooks.events().buffered("deaf"));
        }
    }

    @Test
    void aListenerThatBreaksTheProtocolIsUnknownAndGetsNoMore() throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, pool("rude", "/bin/sh -c 'echo hello; exec sleep 1000'",
                "PROCESS_STATE", ""))) {
            TestDaemon.await(() -> d.log.contains("WARN rude: has entered the UNKNOWN state and will no longer receive "
                    + "events, this usually indicates the process violated the eventlistener protocol"), "the UNKNOWN line");
        }
    }

    @Test
    void remoteCommunicationFromXmlRpcAndTheJsonApi() throws Exception {
        Path out = dir.resolve("events.jsonl");
        try (TestDaemon d = TestDaemon.start(dir, pool("remote", "/usr/bin/python3 -u " + RECORD_PY + " " + out,
                "REMOTE_COMMUNICATION", ""))) {
            d.awaitState("remote", ProcessState.RUNNING);
            String call = "<?xml version=\"1.0\"?><methodCall><methodName>supervisor.sendRemoteCommEvent</methodName>"
                    + "<params><param><value><string>deploy</string></value></param>"
                    + "<param><value><string>it's v2 \u00e9</string></value></param></params></methodCall>";
            RawHttp.Response rpc = d.unix("POST", "/RPC2", call);
            String answer = new String(rpc.body(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.contains("<boolean>1</boolean>"), answer);
            JsonNode viaRpc = awaitEvent(out, "REMOTE_COMMUNICATION", "type:deploy");
            assertEquals("type:deploy\nit's v2 \u00e9", viaRpc.get("payload").asText());

            var sent = d.post("/api/v1/events/remote", "{\"type\": \"json\", \"data\": \"line1\\nline2\"}");
            assertEquals(200, sent.statusCode(), sent.body());
            JsonNode viaJson = awaitEvent(out, "REMOTE_COMMUNICATION", "type:json");
            assertEquals("type:json\nline1\nline2", viaJson.get("payload").asText());
            assertEquals(400, d.post("/api/v1/events/remote", "{\"type\": \"x\"}").statusCode());
        }
    }

    @Test
    void tick5ComesAtTheWallClocksMultiplesOfFive() throws Exception {
        Path out = dir.resolve("events.jsonl");
        try (TestDaemon d = TestDaemon.start(dir, pool("ticks", "/usr/bin/python3 -u " + RECORD_PY + " " + out,
                "TICK_5", ""))) {
            JsonNode tick = awaitEvent(out, "TICK_5", "when:");
            long when = Long.parseLong(tick.get("payload").asText().substring("when:".length()));
            assertEquals(0, when % 5, tick.toString());
            assertTrue(Math.abs(System.currentTimeMillis() / 1000 - when) < 30, tick.toString());
        }
    }

    @Test
    void aPoolIsReloadedLikeAGroupAndItsNewSubscriptionsApply() throws Exception {
        Path out = dir.resolve("events.jsonl");
        String listener = "/usr/bin/python3 -u " + RECORD_PY + " " + out;
        String web = "[program:web]\ncommand=sleep 1000\nstartsecs=0\nautostart=false\n";
        try (TestDaemon d = TestDaemon.start(dir, pool("watch", listener, "PROCESS_GROUP", "") + web)) {
            int before = d.awaitState("watch", ProcessState.RUNNING).pid();
            d.rewrite(pool("watch", listener, "PROCESS_GROUP,PROCESS_STATE_RUNNING", "") + web);
            JsonNode update = TestDaemon.json(d.post("/api/v1/update", null).body());
            assertEquals("watch", update.get("changed").get(0).asText(), update.toString());
            TestDaemon.await(() -> d.info("watch").state() == ProcessState.RUNNING && d.info("watch").pid() != before,
                    "the pool's listener restarted with the new configuration");
            assertEquals(200, d.post("/api/v1/processes/web/start", null).statusCode());
            awaitEvent(out, "PROCESS_STATE_RUNNING", "processname:web ");
        }
    }

    @Test
    void aStuckListenerHoldsNothingBackButItsOwnBuffer() throws Exception {
        // READY once, then never answers nor reads again: its first event stays in flight for ever.
        try (TestDaemon d = TestDaemon.start(dir, pool("stuck", "/bin/sh -c 'echo READY; exec sleep 1000'",
                "PROCESS_STATE", "buffer_size=3")
                + "[program:web]\ncommand=sleep 1000\nstartsecs=0\nstopwaitsecs=2\n")) {
            d.awaitState("web", ProcessState.RUNNING);
            for (int i = 0; i < 5; i++) {
                int pid = d.info("web").pid();
                assertEquals(200, d.post("/api/v1/processes/web/restart", null).statusCode());
                TestDaemon.await(() -> d.info("web").state() == ProcessState.RUNNING && d.info("web").pid() != pid,
                        "web restarted");
            }
            assertEquals(3, d.hooks.events().buffered("stuck"));
            assertTrue(d.log.stream().anyMatch(l -> l.startsWith("ERROR pool stuck event buffer overflowed")), d.log.toString());
            assertEquals(200, d.get("/api/v1/processes").statusCode());
        }
    }

    @Test
    void theShutdownLetsAListenerHaveSupervisorStateChangeStoppingBeforeItIsStopped() throws Exception {
        Path out = dir.resolve("events.jsonl");
        try (TestDaemon d = TestDaemon.start(dir, pool("rec", "/usr/bin/python3 -u " + RECORD_PY + " " + out,
                "SUPERVISOR_STATE_CHANGE,PROCESS_STATE_STOPPED", "")
                + "[program:web]\ncommand=sleep 1000\nstartsecs=0\n")) {
            awaitEvent(out, "SUPERVISOR_STATE_CHANGE_RUNNING", "");
            d.awaitState("web", ProcessState.RUNNING);
            d.engine.shutdown().get(TestDaemon.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            List<String> names = events(out).stream().map(e -> e.get("headers").get("eventname").asText()).toList();
            // The listener, stopped last, has had everything until its own stop.
            assertEquals(List.of("SUPERVISOR_STATE_CHANGE_RUNNING", "SUPERVISOR_STATE_CHANGE_STOPPING", "PROCESS_STATE_STOPPED"),
                    names);
        }
    }

    @Test
    void aRestartOfTheWholeDaemonIsSupervisorStateChangeRunningAgain() throws Exception {
        Path out = dir.resolve("events.jsonl");
        // The listener ignores SIGTERM and goes at SIGKILL a second later: web is down first, and must
        // wait for the new pool to come back, or its PROCESS_GROUP_ADDED would go to the old one.
        try (TestDaemon d = TestDaemon.start(dir, pool("rec", "/bin/sh -c 'trap \"\" TERM; exec /usr/bin/python3 -u "
                + RECORD_PY + " " + out + "'", "SUPERVISOR_STATE_CHANGE_RUNNING,PROCESS_GROUP", "stopwaitsecs=1")
                + "[program:web]\ncommand=sleep 1000\nstartsecs=0\nstopwaitsecs=2\n")) {
            awaitEvent(out, "SUPERVISOR_STATE_CHANGE_RUNNING", "");
            assertEquals(200, d.post("/api/v1/restart", null).statusCode());
            // As supervisord's run() again: the groups added (no removal told), then RUNNING, to a new pool.
            List<String> expected = List.of("PROCESS_GROUP_ADDED groupname:rec\n", "PROCESS_GROUP_ADDED groupname:web\n",
                    "SUPERVISOR_STATE_CHANGE_RUNNING ");
            try {
                TestDaemon.await(() -> events(out).size() >= 6, "the restart's events");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; got " + read(out) + "\n" + d.log, e);
            }
            List<JsonNode> all = events(out);
            assertEquals(expected, all.subList(0, 3).stream().map(e -> e.get("headers").get("eventname").asText() + " "
                    + e.get("payload").asText()).toList());
            assertEquals(expected, all.subList(3, 6).stream().map(e -> e.get("headers").get("eventname").asText() + " "
                    + e.get("payload").asText()).toList());
            assertEquals("0", all.get(3).get("headers").get("poolserial").asText(), "a new pool");
        }
    }

    private static JsonNode awaitEvent(Path out, String eventname, String payloadPrefix) {
        JsonNode[] found = new JsonNode[1];
        TestDaemon.await(() -> {
            for (JsonNode e : events(out)) {
                if (e.get("headers").get("eventname").asText().equals(eventname)
                        && e.get("payload").asText().startsWith(payloadPrefix)) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        }, eventname + " " + payloadPrefix);
        return found[0];
    }

    private static List<JsonNode> events(Path out) {
        List<JsonNode> list = new ArrayList<>();
        for (String line : read(out).split("\n")) {
            if (!line.isBlank()) list.add(TestDaemon.json(line));
        }
        return list;
    }

    private static int count(Path out, String payload) {
        return (int) events(out).stream().filter(e -> e.get("payload").asText().equals(payload)).count();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
