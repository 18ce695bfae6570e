package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.HttpServerConfig;

/** Basic auth (plain and {SHA}), the loopback rule, socket permissions and stale/live socket files. */
class SecurityTest {

    private static final String PROGRAMS = "[program:web]\ncommand=sleep 1000\nstartsecs=0\n";

    @Test
    void basicAuthOnEveryRouteButHealthz(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, PROGRAMS, "admin", "s3cret", "")) {
            assertEquals(200, d.get("/api/v1/daemon").statusCode());
            assertEquals(200, d.unix("GET", "/api/v1/processes", null).status());

            HttpResponse<String> none = d.http.send(HttpRequest.newBuilder(d.uri("/api/v1/daemon")).build(),
                    HttpResponse.BodyHandlers.ofString());
            ProcessRoutesTest.assertFault(none.statusCode(), none.body(), 401, "UNAUTHORIZED");
            assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="));

            long t0 = System.nanoTime();
            HttpResponse<String> wrong = d.http.send(HttpRequest.newBuilder(d.uri("/api/v1/processes/web/stop"))
                    .header("Authorization", TestDaemon.basic("admin", "guess-1234"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            ProcessRoutesTest.assertFault(wrong.statusCode(), wrong.body(), 401, "UNAUTHORIZED");
            assertTrue(millis >= ApiHandler.AUTH_FAILURE_DELAY_MS - 20, "answered after " + millis + " ms");
            assertEquals(org.supervisordj.process.ProcessState.RUNNING, d.info("web").state(), "the stop never ran");

            RawHttp.Response unixNone = RawHttp.unix(d.api.unixSocket(), "GET", "/api/v1/processes", null);
            ProcessRoutesTest.assertFault(unixNone.status(), unixNone.text(), 401, "UNAUTHORIZED");
            RawHttp.Response healthz = RawHttp.unix(d.api.unixSocket(), "GET", "/healthz", null);
            assertEquals(200, healthz.status());
            assertEquals(200, d.http.send(HttpRequest.newBuilder(d.uri("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            // An unknown route is not revealed to an unauthenticated client.
            assertEquals(401, RawHttp.unix(d.api.unixSocket(), "GET", "/api/v1/nope", null).status());

            assertTrue(d.log.stream().anyMatch(l -> l.contains("wrong credentials")), d.log.toString());
            assertTrue(d.log.stream().anyMatch(l -> l.contains("missing credentials")), d.log.toString());
            assertFalse(d.log.stream().anyMatch(l -> l.contains("guess-1234") || l.contains("s3cret")), d.log.toString());
        }
    }

    @Test
    void shaPasswordAndChmod(@TempDir Path dir) throws Exception {
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest("s3cret".getBytes(StandardCharsets.UTF_8)));
        try (TestDaemon d = TestDaemon.start(dir, PROGRAMS, "admin", "{SHA}" + hex, "chmod=0760\n")) {
            HttpResponse<String> tcp = d.http.send(HttpRequest.newBuilder(d.uri("/api/v1/daemon"))
                    .header("Authorization", TestDaemon.basic("admin", "s3cret")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, tcp.statusCode(), "the {SHA} form is checked as sha1(given)");
            RawHttp.Response plain = RawHttp.unix(d.api.unixSocket(), "GET", "/api/v1/daemon", null,
                    "Authorization: " + TestDaemon.basic("admin", "s3cret"));
            assertEquals(200, plain.status());
            RawHttp.Response hashAsPassword = RawHttp.unix(d.api.unixSocket(), "GET", "/api/v1/daemon", null,
                    "Authorization: " + TestDaemon.basic("admin", hex));
            assertEquals(401, hashAsPassword.status(), "knowing the hash is not knowing the password");
            RawHttp.Response wrongUser = RawHttp.unix(d.api.unixSocket(), "GET", "/api/v1/daemon", null,
                    "Authorization: " + TestDaemon.basic("root", "s3cret"));
            assertEquals(401, wrongUser.status());
            assertEquals("rwxrw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(d.api.unixSocket())));
        }
    }

    @Test
    void defaultSocketModeIs0700AndALiveSocketIsNotStolen(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, PROGRAMS)) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d.api.unixSocket())));
            Configuration second = unixOnly(d, d.api.unixSocket());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ApiServer.start(second, d.engine, d.hooks));
            assertTrue(e.getMessage().contains("another daemon is listening"), e.getMessage());
            assertEquals(200, d.unix("GET", "/healthz", null).status(), "the first daemon still answers");
        }
    }

    @Test
    void anUnknownChownGroupRefusesTheStartAndLeavesNothing(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, PROGRAMS)) {
            Configuration c = d.hooks.current();
            Path socket = dir.resolve("chown.sock");
            Configuration bad = new Configuration(c.files(), c.supervisord(), c.groups(),
                    new HttpServerConfig(socket.toString(), 0700, "root:no-such-group-sj", null, 0, null, null), null, null,
                    c.warnings());
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> ApiServer.start(bad, d.engine, d.hooks));
            assertEquals("[unix_http_server] chown=root:no-such-group-sj: no user or group named 'no-such-group-sj'",
                    e.getMessage());
            assertFalse(Files.exists(socket));

            Path nowhere = dir.resolve("missing/api.sock");
            java.io.IOException missing = assertThrows(java.io.IOException.class, () -> ApiServer.start(
                    unixOnly(d, nowhere), d.engine, d.hooks));
            assertEquals("[unix_http_server] file=" + nowhere + ": no directory " + nowhere.getParent(), missing.getMessage());
            try (var left = Files.list(dir)) {
                assertEquals(0, left.filter(p -> p.getFileName().toString().startsWith(".sj")).count(), "staging left");
            }
        }
    }

    @Test
    void staleSocketIsReplacedAndAForeignFileIsNot(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, PROGRAMS)) {
            Path stale = dir.resolve("stale.sock");
            try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                dead.bind(UnixDomainSocketAddress.of(stale)); // closed without unlinking, like a crashed daemon
            }
            assertTrue(Files.exists(stale));
            try (ApiServer again = ApiServer.start(unixOnly(d, stale), d.engine, d.hooks)) {
                assertEquals(stale.toAbsolutePath(), again.unixSocket());
                assertEquals(200, RawHttp.unix(stale, "GET", "/healthz", null).status());
            }
            assertFalse(Files.exists(stale), "close() removes the socket file");

            Path regular = Files.writeString(dir.resolve("notasocket"), "precious");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ApiServer.start(unixOnly(d, regular), d.engine, d.hooks));
            assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
            assertEquals("precious", Files.readString(regular));
        }
    }

    @Test
    void tcpOffLoopbackWithoutCredentialsRefusesToStart(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, PROGRAMS)) {
            for (String host : new String[] {"", "0.0.0.0", "::"}) {
                Configuration open = TestDaemon.withInet(new Configuration(d.hooks.current().files(),
                        d.hooks.current().supervisord(), d.hooks.current().groups(), null, null, null, java.util.List.of()),
                        new HttpServerConfig(null, 0, null, host, 0, null, null));
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> ApiServer.start(open, d.engine, d.hooks));
                assertTrue(e.getMessage().contains("[inet_http_server]") && e.getMessage().contains("username="),
                        e.getMessage());
            }
            assertTrue(ApiServer.isLoopback("localhost"));
            assertTrue(ApiServer.isLoopback("127.0.0.1"));
            assertTrue(ApiServer.isLoopback("::1"));
            assertFalse(ApiServer.isLoopback(""));
        }
    }

    private static Configuration unixOnly(TestDaemon d, Path socket) {
        Configuration c = d.hooks.current();
        return new Configuration(c.files(), c.supervisord(), c.groups(),
                new HttpServerConfig(socket.toString(), 0700, null, null, 0, null, null), null, null, c.warnings());
    }
}
