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
                "/dashboard/../../etc/passwd",
                "/dashboard/missing.js");
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

    /** One hostile request: raw bytes, whether to half-close after them, and the status expected (0: any 4xx). */
    private record Hostile(String name, String raw, boolean halfClose, int status) {
        static Hostile of(String name, String raw, int status) {
            return new Hostile(name, raw, false, status);
        }
    }

    private static final String SIGNAL = "POST /api/v1/processes/web/signal HTTP/1.1\r\nHost: x\r\n";
    private static final String JSON = "Content-Type: application/json\r\n";

    private static List<Hostile> hostileRequests() {
        String big = "a".repeat(20_000);
        return List.of(
                Hostile.of("bad chunk size", SIGNAL + JSON + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400),
                Hostile.of("chunk size overflow", SIGNAL + JSON + "Transfer-Encoding: chunked\r\n\r\n"
                        + "fffffffffffffffffffff\r\n{}\r\n0\r\n\r\n", 400),
                new Hostile("chunked body cut short", SIGNAL + JSON + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"sig", true, 400),
                new Hostile("body shorter than Content-Length", SIGNAL + JSON + "Content-Length: 100\r\n\r\n{\"sig", true, 400),
                Hostile.of("query %zz", "GET /api/v1/processes?x=%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Hostile.of("query lone %", "GET /api/v1/processes/web/log?stream=% HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Hostile.of("query invalid UTF-8", "GET /api/v1/processes/web/log?stream=%ff%fe HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Hostile.of("query truncated UTF-8", "GET /api/v1/processes/web/log?tail=%e2%82 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Hostile.of("path %zz", "GET /api/v1/processes/%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Hostile.of("bad Host", "GET /api/v1/processes HTTP/1.1\r\nHost: [::1\r\n\r\n", 400),
                Hostile.of("two Hosts", "GET /api/v1/processes HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                Hostile.of("no Host", "GET /api/v1/processes HTTP/1.1\r\n\r\n", 400),
                Hostile.of("unknown method", "FOO /api/v1/processes HTTP/1.1\r\nHost: x\r\n\r\n", 405),
                Hostile.of("control character in method", "G\u0001T /api/v1/processes HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Hostile.of("header too large", "GET /api/v1/processes HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n", 431),
                Hostile.of("URI too long", "GET /api/v1/processes/" + big + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
                Hostile.of("HTTP/0.9", "GET /api/v1/processes\r\n\r\n", 0),
                Hostile.of("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 0),
                Hostile.of("unknown version", "GET /api/v1/processes HTTP/7.1\r\nHost: x\r\n\r\n", 0),
                Hostile.of("Content-Length abc", SIGNAL + JSON + "Content-Length: abc\r\n\r\n{}", 400),
                Hostile.of("Content-Length -1", SIGNAL + JSON + "Content-Length: -1\r\n\r\n{}", 400),
                Hostile.of("two Content-Lengths", SIGNAL + JSON + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400),
                Hostile.of("Content-Length and chunked", SIGNAL + JSON + "Content-Length: 2\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400),
                Hostile.of("unknown transfer coding", SIGNAL + JSON + "Transfer-Encoding: gzip\r\n\r\n{}", 0),
                Hostile.of("header without colon", "GET /api/v1/processes HTTP/1.1\r\nHost: x\r\nJunk\r\n\r\n", 400),
                Hostile.of("space before colon", "GET /api/v1/processes HTTP/1.1\r\nHost : x\r\n\r\n", 400),
                Hostile.of("NUL in a header", "GET /api/v1/processes HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n", 400),
                Hostile.of("obsolete line folding", "GET /api/v1/processes HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", 400),
                Hostile.of("unknown Expect", SIGNAL + JSON + "Expect: bogus\r\nContent-Length: 2\r\n\r\n{}", 417),
                Hostile.of("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 0),
                Hostile.of("CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 0),
                Hostile.of("body not UTF-8", SIGNAL + JSON + "Content-Length: 14\r\n\r\n{\"signal\":\"\u00ff\"}", 400),
                Hostile.of("body of the wrong JSON type", SIGNAL + JSON + "Content-Length: 2\r\n\r\n[]", 400),
                Hostile.of("field of the wrong JSON type", SIGNAL + JSON + "Content-Length: 17\r\n\r\n{\"signal\":{\"a\":1}}", 400),
                Hostile.of("nested too deep", SIGNAL + JSON + "Content-Length: 5010\r\n\r\n{\"signal\":" + "[".repeat(5000), 400),
                Hostile.of("number for a string", SIGNAL + JSON + "Content-Length: 16\r\n\r\n{\"signal\":1e999}", 400),
                Hostile.of("TLS ClientHello on plain HTTP", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003", 400));
    }

    @Test
    void errorsAreSmallJsonWithoutJavaInternals(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, "[program:web]\ncommand=sleep 1000\nstartsecs=0\n")) {
            d.awaitState("web", ProcessState.RUNNING);
            List<String> wrong = new ArrayList<>();
            List<SocketAddress> listeners = List.of(new InetSocketAddress("127.0.0.1", d.api.port()),
                    UnixDomainSocketAddress.of(d.api.unixSocket()));
            for (Hostile h : hostileRequests()) {
                for (SocketAddress listener : listeners) {
                    wrongAnswer(h, listener).ifPresent(wrong::add);
                }
            }
            assertTrue(wrong.isEmpty(), String.join("\n\n", wrong));
            // Jackson's nesting limit names the Java class that sets it; the answer must not.
            ApiException deep = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class, () -> Json.read(
                    "[".repeat(5000).getBytes(StandardCharsets.UTF_8), com.fasterxml.jackson.databind.JsonNode.class));
            assertEquals(null, leak("HTTP/1.1 " + deep.getMessage()), deep.getMessage());
            assertEquals(ProcessState.RUNNING, d.info("web").state());
        }
    }

    /** Sends {@code h} to {@code listener}; returns what is wrong with the answer, if anything. */
    private static java.util.Optional<String> wrongAnswer(Hostile h, SocketAddress listener) throws Exception {
        byte[] raw = RawHttp.sendWithin(listener, h.raw().getBytes(StandardCharsets.ISO_8859_1), h.halfClose(),
                TestDaemon.DEADLINE);
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        String problem = leak(text);
        if (problem == null) {
            RawHttp.Response r = RawHttp.parse(raw);
            boolean statusOk = h.status() == 0 ? r.status() >= 400 && r.status() < 500 || r.status() == 505
                    : r.status() == h.status();
            if (!statusOk) problem = "status " + r.status();
            else if (!"application/json".equals(r.headers().get("content-type"))) problem = "not JSON";
            else if (TestDaemon.json(r.text()).path("error").path("code").asText().isEmpty()) problem = "no error code";
        }
        return problem == null ? java.util.Optional.empty()
                : java.util.Optional.of(h.name() + " on " + listener + ": " + problem + "\n" + text.replaceAll("\r\n", "\n  "));
    }

    /** Returns what in a raw answer gives internals away, or null. */
    static String leak(String text) {
        if (text.isEmpty()) return "no answer";
        if (!text.startsWith("HTTP/1.1 ")) return "not an HTTP/1.1 answer";
        for (String internal : List.of("org.", "java.", "javax.", "Exception", "jetty", "Jetty", "<html")) {
            if (text.contains(internal)) return "names '" + internal + "'";
        }
        return null;
    }
}
