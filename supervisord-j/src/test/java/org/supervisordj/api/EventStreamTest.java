package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.UnixDomainSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.process.ProcessState;

/** Server-Sent Events of state changes, over TCP and the Unix socket, and streams ending with their clients. */
class EventStreamTest {

    @Test
    void stateChangesArriveAsEvents(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, "[program:web]\ncommand=sleep 1000\nstartsecs=0\nstopwaitsecs=2\n")) {
            int pid = d.awaitState("web", ProcessState.RUNNING).pid();
            HttpResponse<Stream<String>> sse = d.http.send(HttpRequest.newBuilder(d.uri("/api/v1/events")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, sse.statusCode());
            assertTrue(sse.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            List<String> lines = follow(sse);

            try (SocketChannel unix = RawHttp.open(UnixDomainSocketAddress.of(d.api.unixSocket()), "/api/v1/events")) {
                RawHttp.readUntil(unix, s -> s.contains(": subscribed"), TestDaemon.DEADLINE);
                assertEquals(200, d.post("/api/v1/processes/web/stop", null).statusCode());
                String viaUnix = RawHttp.readUntil(unix, s -> s.contains("\"state\":\"STOPPED\""), TestDaemon.DEADLINE);
                assertTrue(viaUnix.contains("event: state\ndata: {"), viaUnix);
            }

            TestDaemon.await(() -> lines.stream().anyMatch(l -> l.contains("\"state\":\"STOPPED\"")), "STOPPED event");
            JsonNode stopping = null;
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).contains("\"state\":\"STOPPING\"")) {
                    assertEquals("event: state", lines.get(i - 1));
                    stopping = TestDaemon.json(lines.get(i).substring("data: ".length()));
                }
            }
            assertTrue(stopping != null, lines.toString());
            assertEquals("web", stopping.get("namespec").asText());
            assertEquals("web", stopping.get("group").asText());
            assertEquals("RUNNING", stopping.get("from").asText());
            assertEquals(pid, stopping.get("pid").asInt());
            assertTrue(Math.abs(stopping.get("time").asDouble() - System.currentTimeMillis() / 1000.0) < 60);
            // supervisord's payload fields too, and the time as a plain decimal (not 1.76E9)
            assertEquals("PROCESS_STATE_STOPPING", stopping.get("eventname").asText());
            assertEquals("web", stopping.get("processname").asText());
            assertEquals("RUNNING", stopping.get("from_state").asText());
            String stoppingLine = lines.stream().filter(l -> l.contains("\"state\":\"STOPPING\"")).findFirst().orElseThrow();
            assertTrue(stoppingLine.matches(".*\"time\":\\d{10}\\.\\d{3}[,}].*"), stoppingLine);
            sse.body().close();
        }
    }

    @Test
    void startingHasItsPidAndExitedItsExitStatus(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, "[program:once]\ncommand=/bin/sh -c 'sleep 0.3; exit 3'\n"
                + "startsecs=0\nautostart=false\nautorestart=false\n")) {
            HttpResponse<Stream<String>> sse = d.http.send(HttpRequest.newBuilder(d.uri("/api/v1/events")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            List<String> lines = follow(sse);
            assertEquals(200, d.post("/api/v1/processes/once/start", null).statusCode());
            TestDaemon.await(() -> lines.stream().anyMatch(l -> l.contains("\"state\":\"EXITED\"")), "EXITED event");
            JsonNode starting = null;
            JsonNode exited = null;
            for (String l : lines) {
                if (!l.startsWith("data: ")) continue;
                JsonNode e = TestDaemon.json(l.substring("data: ".length()));
                if (e.path("state").asText().equals("STARTING")) starting = e;
                if (e.path("state").asText().equals("EXITED")) exited = e;
            }
            assertTrue(starting != null && exited != null, lines.toString());
            assertTrue(starting.get("pid").asInt() > 0, starting.toString());
            assertEquals(0, starting.get("tries").asInt());
            assertEquals(starting.get("pid").asInt(), exited.get("pid").asInt());
            assertEquals(3, exited.get("exitstatus").asInt());
            assertEquals(0, exited.get("expected").asInt());
            sse.body().close();
        }
    }

    @Test
    void captureModeSendsProcessCommunicationEvents(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, "[program:reporter]\ncommand=/usr/bin/printf "
                + "'log <!--XSUPERVISOR:BEGIN-->half done<!--XSUPERVISOR:END--> and the rest of the line\\n'\n"
                + "startsecs=0\nautostart=false\nautorestart=false\nstdout_capture_maxbytes=1KB\n")) {
            HttpResponse<Stream<String>> sse = d.http.send(HttpRequest.newBuilder(d.uri("/api/v1/events")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            List<String> lines = follow(sse);
            assertEquals(200, d.post("/api/v1/processes/reporter/start", null).statusCode());
            JsonNode e = awaitData(lines, "PROCESS_COMMUNICATION_STDOUT");
            assertEquals("PROCESS_COMMUNICATION_STDOUT", e.get("eventname").asText());
            assertEquals("reporter", e.get("processname").asText());
            assertEquals("reporter", e.get("groupname").asText());
            assertTrue(e.get("pid").asInt() > 0, e.toString());
            assertEquals("half done", e.get("data").asText());
            sse.body().close();
        }
    }

    @Test
    void aFollowEndsWhenItsClientGoesAway(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, "[program:quiet]\ncommand=sleep 1000\nstartsecs=0\n")) {
            d.awaitState("quiet", ProcessState.RUNNING);
            SocketChannel ch = RawHttp.open(UnixDomainSocketAddress.of(d.api.unixSocket()),
                    "/api/v1/processes/quiet/log?follow=true");
            RawHttp.readUntil(ch, s -> s.contains("\r\n\r\n"), TestDaemon.DEADLINE);
            assertEquals(1, d.api.openStreams());
            ch.close(); // the log stays silent: only the server's EOF check can notice
            TestDaemon.await(() -> d.api.openStreams() == 0, "the follow to end after its client left");
        }
    }

    /** Reads the stream on a thread of its own into the list returned, once subscribed. */
    static List<String> follow(HttpResponse<Stream<String>> sse) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                sse.body().forEach(lines::add);
            } catch (java.io.UncheckedIOException closedAtTheEnd) {
                // the test closes the stream when done
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        TestDaemon.await(() -> lines.contains(": subscribed"), "the subscription comment");
        return lines;
    }

    /**
     * Waits for the first {@code event} in {@code lines} (of {@link #follow}) and its data line, which
     * the reader adds after the event line, and returns the data as JSON.
     */
    static JsonNode awaitData(List<String> lines, String event) throws Exception {
        String line = "event: " + event;
        TestDaemon.await(() -> {
            int i = lines.indexOf(line);
            return i >= 0 && lines.size() > i + 1;
        }, event + " and its data line");
        return TestDaemon.json(lines.get(lines.indexOf(line) + 1).substring("data: ".length()));
    }
}
