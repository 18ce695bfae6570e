package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.process.ProcessInfo;
import org.supervisordj.process.ProcessState;

/** Throws garbage at the API, then checks that every program still runs with the same pid and the API answers. */
class HostileTest {

    @Test
    void survivesGarbageFloodsAndTraversal(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, """
                [program:web]
                command=sleep 1000
                startsecs=0

                [program:worker]
                command=sleep 1000
                numprocs=3
                process_name=%(program_name)s_%(process_num)d
                startsecs=0
                """)) {
            for (String p : List.of("web", "worker:worker_0", "worker:worker_1", "worker:worker_2")) {
                d.awaitState(p, ProcessState.RUNNING);
            }
            Map<String, Integer> pids = d.engine.snapshot().stream()
                    .collect(Collectors.toMap(ProcessInfo::namespec, ProcessInfo::pid));
            SocketAddress tcp = new InetSocketAddress("127.0.0.1", d.api.port());
            SocketAddress unix = UnixDomainSocketAddress.of(d.api.unixSocket());

            badJson(d);
            hugeBodies(d, tcp);
            traversalAndOddPaths(d, tcp, unix);
            floodOfConnections(d, tcp, unix);

            for (Map.Entry<String, Integer> e : pids.entrySet()) {
                ProcessInfo now = d.info(e.getKey());
                assertEquals(ProcessState.RUNNING, now.state(), e.getKey());
                assertEquals(e.getValue().intValue(), now.pid(), e.getKey() + " kept its pid");
            }
            assertEquals(200, d.get("/api/v1/processes").statusCode());
            assertEquals(200, d.unix("GET", "/healthz", null).status());
            long httpThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("http-") && !t.getName().startsWith("http-scheduler")).count();
            assertTrue(httpThreads <= 16, httpThreads + " http threads");
        }
    }

    private static void badJson(TestDaemon d) {
        for (String body : List.of("[", "null", "[]", "\"HUP\"", "{\"signal\": {\"a\": 1}}", "{\"signal\": \"HUP\"} {}",
                "\u0000\u0001", "{\"signal\": \"HUP\", \"signal2\": 1}", "[".repeat(5000))) {
            HttpResponse<String> r = d.post("/api/v1/processes/web/signal", body);
            assertTrue(r.statusCode() == 400, body + " -> " + r.statusCode() + " " + r.body());
            String code = TestDaemon.json(r.body()).get("error").get("code").asText();
            assertTrue(code.equals("BAD_ARGUMENTS") || code.equals("INCORRECT_PARAMETERS"), r.body());
        }
    }

    private static void hugeBodies(TestDaemon d, SocketAddress tcp) throws Exception {
        byte[] tenMb = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(tenMb, (byte) 'x');
        // Declared length: refused from the headers alone.
        try {
            HttpResponse<String> r = d.http.send(HttpRequest.newBuilder(d.uri("/api/v1/processes/web/signal"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(tenMb)).timeout(TestDaemon.DEADLINE).build(),
                    HttpResponse.BodyHandlers.ofString());
            ProcessRoutesTest.assertFault(r.statusCode(), r.body(), 413, "BODY_TOO_LARGE");
        } catch (IOException refusedMidUpload) {
            // also acceptable: the server answered 413 and closed while the client was still sending
        }
        // Chunked, no length: refused once 64 KiB have arrived.
        try {
            HttpResponse<String> r = d.http.send(HttpRequest.newBuilder(d.uri("/api/v1/processes/web/signal"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tenMb)))
                    .timeout(TestDaemon.DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
            ProcessRoutesTest.assertFault(r.statusCode(), r.body(), 413, "BODY_TOO_LARGE");
        } catch (IOException refusedMidUpload) {
            // as above
        }
        // A 10 MB Content-Length that never comes: answered 413 without waiting for the body.
        try (SocketChannel ch = SocketChannel.open(tcp)) {
            String head = "POST /api/v1/processes/web/signal HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + tenMb.length + "\r\n\r\n{\"signal\":";
            ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
            String got = RawHttp.readUntil(ch, s -> s.contains("}}"), TestDaemon.DEADLINE);
            assertTrue(got.startsWith("HTTP/1.1 413"), got);
        }
    }

    private static void traversalAndOddPaths(TestDaemon d, SocketAddress tcp, SocketAddress unix) throws Exception {
        List<String> targets = List.of(
                "/api/v1/processes/..%2F..%2Fetc%2Fpasswd/log",
                "/api/v1/processes/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
                "/api/v1/processes/%2e%2e%2f%2e%2e%2fetc%2fpasswd/log?stream=stderr",
                "/api/v1/processes/../../../../etc/passwd",
                "/api/v1/processes/%2e%2e/log",
                "/api/v1/processes/web%00/log",
                "/api/v1/processes/web%0d%0aX-Injected:%201/log",
                "/api/v1/processes/%ff%fe/log",
                "/api/v1/processes/%zz/log",
                "/api/v1/processes/" + "a".repeat(4000) + "/log",
                "/api/v1/processes/web/log/extra",
                "/api/v2/processes",
                "//api//v1//processes",
                "/api/v1/processes/web/start/",
                "/healthz/..",
                "/");
        for (SocketAddress address : List.of(tcp, unix)) {
            for (String target : targets) {
                RawHttp.Response r = RawHttp.exchange(address, "GET", target, null);
                assertTrue(r.status() >= 400 && r.status() < 500, target + " -> " + r.status() + " " + r.text());
                assertFalse(r.text().contains("root:"), target + " leaked a file");
                assertFalse(r.headers().containsKey("x-injected"), target);
                assertEquals("application/json", r.headers().get("content-type"), target + " -> " + r.text());
                TestDaemon.json(r.text()).get("error").get("code").asText();
            }
        }
        RawHttp.Response garbage = RawHttp.send(tcp, "\u0016\u0003\u0001 not http at all\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(400, garbage.status(), garbage.text());
    }

    private static void floodOfConnections(TestDaemon d, SocketAddress tcp, SocketAddress unix) throws Exception {
        // 100 silent connections held open (slowloris) while 200 concurrent requests go through.
        List<SocketChannel> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                SocketChannel ch = SocketChannel.open(i % 2 == 0 ? tcp : unix);
                ch.write(ByteBuffer.wrap("GET /api/v1/processes HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1)));
                idle.add(ch);
            }
            List<CompletableFuture<Integer>> requests = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                if (i % 4 == 0) {
                    requests.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return RawHttp.exchange(unix, "GET", "/api/v1/processes/worker:*", null).status();
                        } catch (IOException e) {
                            return -1;
                        }
                    }));
                } else {
                    requests.add(d.http.sendAsync(HttpRequest.newBuilder(d.uri("/api/v1/processes")).timeout(TestDaemon.DEADLINE)
                            .build(), HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::statusCode));
                }
            }
            for (CompletableFuture<Integer> r : requests) assertEquals(200, r.get(30, TimeUnit.SECONDS));
        } finally {
            for (SocketChannel ch : idle) ch.close();
        }
    }
}
