package org.supervisordj.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written HTTP client against a real server on a real Unix socket and on TCP. */
class HttpConnectionTest {
    @TempDir
    Path dir;

    @Test
    void contentLengthOverUnixSocket() throws Exception {
        try (FakeDaemon d = FakeDaemon.unix(dir.resolve("d.sock"), (req, r) -> r.json(200, "{\"pid\": 4242}"))) {
            ApiResponse a = new ApiClient(ServerUrl.parse(d.url()), null, null).get("/daemon");
            assertEquals(200, a.status());
            assertEquals(4242L, a.object().get("pid"));
            FakeDaemon.Request req = d.requests.get(0);
            assertEquals("GET", req.method());
            assertEquals("/api/v1/daemon", req.target());
            assertEquals("localhost", req.headers().get("host"));
            assertEquals("close", req.headers().get("connection"));
        }
    }

    @Test
    void contentLengthOverTcpWithPostBodyAndBasicAuth() throws Exception {
        try (FakeDaemon d = FakeDaemon.tcp((req, r) -> r.json(200, "{\"ok\": true}"))) {
            ApiClient client = new ApiClient(ServerUrl.parse(d.url()), "admin", "sécret");
            ApiResponse a = client.post("/processes/web/signal", "{\"signal\":\"HUP\"}");
            assertEquals(Boolean.TRUE, a.object().get("ok"));
            FakeDaemon.Request req = d.requests.get(0);
            assertEquals("POST", req.method());
            assertEquals("{\"signal\":\"HUP\"}", req.body());
            assertEquals("application/json", req.headers().get("content-type"));
            String expected = "Basic " + Base64.getEncoder().encodeToString("admin:sécret".getBytes(StandardCharsets.UTF_8));
            assertEquals(expected, req.headers().get("authorization"));
            assertTrue(req.headers().get("host").startsWith("127.0.0.1:"));
        }
    }

    @Test
    void postWithoutBodySendsContentLengthZero() throws Exception {
        try (FakeDaemon d = FakeDaemon.unix(dir.resolve("d.sock"), (req, r) -> r.json(202, "{\"status\": \"shutting down\"}"))) {
            new ApiClient(ServerUrl.parse(d.url()), null, null).post("/shutdown", null);
            assertEquals("0", d.requests.get(0).headers().get("content-length"));
        }
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() throws Exception {
        try (FakeDaemon d = FakeDaemon.unix(dir.resolve("d.sock"), (req, r) -> {
            r.chunkedHead(200, "application/json", Map.of());
            r.chunk("{\"processes\":");
            r.chunk(" [] }");
            r.end();
        })) {
            ApiResponse a = new ApiClient(ServerUrl.parse(d.url()), null, null).get("/processes");
            assertEquals(0, a.list("processes").size());
        }
    }

    @Test
    void chunkedBodyIsStreamedChunkByChunk() throws Exception {
        CountDownLatch firstRead = new CountDownLatch(1);
        try (FakeDaemon d = FakeDaemon.unix(dir.resolve("d.sock"), (req, r) -> {
            r.chunkedHead(200, "application/octet-stream", Map.of("X-Log-Size", "6"));
            r.chunk("first\n");
            // The second chunk is only sent once the client has printed the first: a client that
            // waited for the whole body would hang here.
            assertTrue(firstRead.await(30, TimeUnit.SECONDS));
            r.chunk("second\n");
            r.end();
        })) {
            try (HttpConnection c = HttpConnection.open(ServerUrl.parse(d.url()), 30_000)) {
                HttpResponse resp = c.exchange("GET", "/api/v1/processes/web/log?follow=true", Map.of(), null);
                assertEquals("6", resp.header("x-log-size"));
                InputStream body = resp.body();
                byte[] buf = new byte[100];
                int n = body.read(buf);
                assertEquals("first\n", new String(buf, 0, n, StandardCharsets.UTF_8));
                firstRead.countDown();
                n = body.read(buf);
                assertEquals("second\n", new String(buf, 0, n, StandardCharsets.UTF_8));
                assertEquals(-1, body.read(buf));
            }
        }
        
    }

    @Test
    void bodyUntilCloseWithoutLength() throws Exception {
        try (FakeDaemon d = FakeDaemon.tcp((req, r) ->
                r.raw("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"a\": [1, 2.5, null]}"
                        .getBytes(StandardCharsets.ISO_8859_1)))) {
            ApiResponse a = new ApiClient(ServerUrl.parse(d.url()), null, null).get("/x");
            assertEquals("{\"a\":[1,2.5,null]}", Json.write(a.json()));
        }
    }

    @Test
    void continueResponsesAreSkipped() throws Exception {
        try (FakeDaemon d = FakeDaemon.tcp((req, r) -> {
            r.raw("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            r.json(200, "{}");
        })) {
            assertEquals(200, new ApiClient(ServerUrl.parse(d.url()), null, null).get("/x").status());
        }
    }

    @Test
    void truncatedBodyIsAnError() throws Exception {
        try (FakeDaemon d = FakeDaemon.tcp((req, r) ->
                r.raw("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"a\":".getBytes(StandardCharsets.ISO_8859_1)))) {
            CtlException e = assertThrows(CtlException.class,
                    () -> new ApiClient(ServerUrl.parse(d.url()), null, null).get("/x"));
            assertEquals(ExitStatus.GENERIC, e.status);
            assertTrue(e.getMessage().contains("body bytes missing"), e.getMessage());
        }
    }

    @Test
    void unauthorizedIsOneLineAndExitOne() throws Exception {
        try (FakeDaemon d = FakeDaemon.unix(dir.resolve("d.sock"), (req, r) -> r.fixed(401, "application/json",
                "{\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"credentials required\"}}".getBytes(StandardCharsets.UTF_8),
                Map.of("WWW-Authenticate", "Basic realm=\"supervisord-j\"")))) {
            CtlException e = assertThrows(CtlException.class,
                    () -> new ApiClient(ServerUrl.parse(d.url()), null, null).get("/processes"));
            assertEquals(ExitStatus.GENERIC, e.status);
            assertTrue(e.getMessage().startsWith("Server requires authentication"), e.getMessage());
        }
    }

    @Test
    void missingSocketFile() {
        String url = "unix://" + dir.resolve("missing.sock");
        CtlException e = assertThrows(CtlException.class, () -> new ApiClient(ServerUrl.parse(url), null, null).get("/x"));
        assertEquals(ExitStatus.UNAVAILABLE, e.status);
        assertEquals(url + " no such file", e.getMessage());
    }

    @Test
    void unixSocketWithNobodyListeningRefuses() throws IOException {
        Path dead = dir.resolve("dead.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(dead)); // the file stays after close, like a crashed daemon's
        }
        String url = "unix://" + dead;
        CtlException e = assertThrows(CtlException.class, () -> new ApiClient(ServerUrl.parse(url), null, null).get("/x"));
        assertEquals(ExitStatus.UNAVAILABLE, e.status);
        assertEquals(url + " refused connection", e.getMessage());
    }

    @Test
    void tcpPortWithNobodyListeningRefuses() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        CtlException e = assertThrows(CtlException.class, () -> new ApiClient(ServerUrl.parse(url), null, null).get("/x"));
        assertEquals(ExitStatus.UNAVAILABLE, e.status);
        assertEquals(url + " refused connection", e.getMessage());
    }

    @Test
    void notJsonIsOneLine() throws Exception {
        try (FakeDaemon d = FakeDaemon.tcp((req, r) -> r.fixed(404, "text/html", "<html>".getBytes(StandardCharsets.UTF_8), Map.of()))) {
            CtlException e = assertThrows(CtlException.class,
                    () -> new ApiClient(ServerUrl.parse(d.url()), null, null).get("/x"));
            assertTrue(e.getMessage().contains("did not answer with JSON (HTTP 404)"), e.getMessage());
        }
    }

    @Test
    void namespecIsOnePathSegment() {
        assertEquals("web:*", ApiClient.segment("web:*"));
        assertEquals("a%2Fb%20c%3F%25", ApiClient.segment("a/b c?%"));
    }

    @Test
    void serverUrls() {
        assertEquals(Path.of("/run/x.sock"), ServerUrl.parse("unix:///run/x.sock").socketPath());
        ServerUrl h = ServerUrl.parse("http://example.org:9001");
        assertEquals("example.org", h.host());
        assertEquals(9001, h.port());
        assertEquals("example.org:9001", h.hostHeader());
        assertEquals(443, ServerUrl.parse("https://example.org").port());
        assertEquals("example.org", ServerUrl.parse("https://example.org/").hostHeader());
        assertEquals(ExitStatus.INVALID_ARGS, assertThrows(CtlException.class, () -> ServerUrl.parse("ftp://x")).status);
        assertThrows(CtlException.class, () -> ServerUrl.parse("unix://relative.sock"));
    }
}
