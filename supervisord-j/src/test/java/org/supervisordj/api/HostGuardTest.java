package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supervisordj.process.ProcessState;

/**
 * DNS rebinding: a hostile page whose name resolves to 127.0.0.1 reaches a credential-less loopback
 * listener as a same-origin page; its requests still carry the hostile name in Host, and are refused
 * without touching a program. Addresses, localhost, and listeners with credentials are unaffected.
 */
class HostGuardTest {

    @TempDir
    Path dir;

    static final String PROGRAMS = "[program:web]\ncommand=/bin/sleep 1000\nstartsecs=0\n";

    static RawHttp.Response request(TestDaemon d, String method, String path, String host, String... headers)
            throws Exception {
        StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
        for (String h : headers) req.append(h).append("\r\n");
        if (method.equals("POST")) req.append("Content-Length: 0\r\n");
        req.append("\r\n");
        return RawHttp.send(new InetSocketAddress("127.0.0.1", d.api.port()), req.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aCredentialLessListenerRefusesAnotherHostNameAndStopsNothing() throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, PROGRAMS)) {
            int pid = d.awaitState("web", ProcessState.RUNNING).pid();
            // what a rebound page sends: same-origin marks, the dashboard's header, the hostile name
            RawHttp.Response stop = request(d, "POST", "/api/v1/processes/web/stop", "evil.example:" + d.api.port(),
                    "Origin: http://evil.example:" + d.api.port(), "Sec-Fetch-Site: same-origin", "X-Requested-With: x");
            assertEquals(403, stop.status(), stop.text());
            assertTrue(stop.text().contains("DNS rebinding"), stop.text());
            assertEquals(403, request(d, "GET", "/api/v1/processes", "evil.example").status());
            assertEquals(403, request(d, "GET", "/", "rebind.attacker.test:80").status());
            assertEquals(403, request(d, "POST", "/RPC2", "evil.example").status());
            assertEquals(ProcessState.RUNNING, d.info("web").state());
            assertEquals(pid, d.info("web").pid());

            for (String host : new String[] {"127.0.0.1:" + d.api.port(), "localhost:" + d.api.port(), "localhost",
                    "[::1]:" + d.api.port(), "app.localhost"}) {
                assertEquals(200, request(d, "GET", "/api/v1/processes", host).status(), host);
            }
            String machine = java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            assertEquals(200, request(d, "GET", "/api/v1/processes", machine).status(), "this machine's own name");
            // the Unix socket has no names to confuse
            assertEquals(200, RawHttp.unix(dir.resolve("api.sock"), "GET", "/api/v1/processes", null).status());
        }
    }

    @Test
    void aListenerWithCredentialsTakesAnyHostName() throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, PROGRAMS, "admin", "s3cret", "")) {
            d.awaitState("web", ProcessState.RUNNING);
            assertEquals(200, request(d, "GET", "/api/v1/processes", "supervisor.example.com",
                    "Authorization: " + TestDaemon.basic("admin", "s3cret")).status());
        }
    }
}
