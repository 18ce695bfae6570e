package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.process.ProcessState;

/** {@code POST /RPC2} on both listeners, behind the JSON API's authentication and body limit. */
class XmlRpcRouteTest {

    private static final String PROGRAMS = """
            [program:web]
            command=/bin/sleep 600
            startsecs=0

            [program:slow]
            command=/bin/sleep 600
            autostart=false
            startsecs=2
            """;

    private static final String GET_API_VERSION =
            "<?xml version='1.0'?><methodCall><methodName>supervisor.getAPIVersion</methodName></methodCall>";

    @TempDir
    Path dir;
    private TestDaemon d;

    @AfterEach
    void stop() throws Exception {
        if (d != null) d.close();
    }

    @Test
    void answersOnTcpAndUnixWithCredentialsOnly() throws Exception {
        d = TestDaemon.start(dir, PROGRAMS, "admin", "s3cret", "");
        HttpResponse<String> tcp = d.send(rpc(GET_API_VERSION));
        assertEquals(200, tcp.statusCode(), tcp.body());
        assertEquals("text/xml", tcp.headers().firstValue("Content-Type").orElse(""));
        assertTrue(tcp.body().contains("<value><string>3.0</string></value>"), tcp.body());

        RawHttp.Response unix = d.unix("POST", "/RPC2", GET_API_VERSION);
        assertEquals(200, unix.status());
        assertTrue(new String(unix.body(), StandardCharsets.UTF_8).contains("<string>3.0</string>"));

        HttpResponse<String> anonymous = d.http.send(rpc(GET_API_VERSION).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        RawHttp.Response wrong = RawHttp.unix(d.api.unixSocket(), "POST", "/RPC2", GET_API_VERSION,
                "Authorization: " + TestDaemon.basic("admin", "guess"));
        assertEquals(401, wrong.status());
        assertTrue(d.log.stream().noneMatch(l -> l.contains("s3cret") || l.contains("guess")), d.log.toString());
    }

    @Test
    void startWithWaitAnswersOnceRunning() throws Exception {
        d = TestDaemon.start(dir, PROGRAMS);
        HttpResponse<String> r = d.send(rpc("<methodCall><methodName>supervisor.startProcess</methodName><params>"
                + "<param><value>slow</value></param></params></methodCall>"));
        assertTrue(r.body().contains("<boolean>1</boolean>"), r.body());
        // supervisord's wait=True: the answer means RUNNING, i.e. startsecs have passed.
        assertEquals(ProcessState.RUNNING, d.info("slow").state());
    }

    @Test
    void startWithWaitAnswersEvenWhenStartsecsOutlastTheIdleTimeout() throws Exception {
        long startsecs = ApiServer.IDLE_TIMEOUT_MS / 1000 + 2;
        d = TestDaemon.start(dir, PROGRAMS + "\n[program:slower]\ncommand=/bin/sleep 600\nautostart=false\nstartsecs="
                + startsecs + "\n");
        long t0 = System.nanoTime();
        HttpResponse<String> r = d.http.send(rpc("<methodCall><methodName>supervisor.startProcess</methodName><params>"
                + "<param><value>slower</value></param></params></methodCall>")
                .timeout(java.time.Duration.ofSeconds(startsecs).plus(TestDaemon.DEADLINE)).build(),
                HttpResponse.BodyHandlers.ofString());
        // supervisord answers however long wait=True takes; the connection's idle timeout must not cut it.
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("<boolean>1</boolean>"), r.body());
        assertTrue(System.nanoTime() - t0 >= startsecs * 1_000_000_000L, "answered before startsecs");
        assertEquals(ProcessState.RUNNING, d.info("slower").state());
    }

    @Test
    void otherMethodsAndOversizedBodiesAreHttpErrorsAndMalformedCallsFaults() throws Exception {
        d = TestDaemon.start(dir, PROGRAMS);
        int pid = d.awaitState("web", ProcessState.RUNNING).pid();
        assertEquals(405, d.get("/RPC2").statusCode());
        try {
            HttpResponse<String> big = d.send(rpc("<methodCall>" + "x".repeat(BodyReader.MAX_BODY + 1)));
            assertEquals(413, big.statusCode());
        } catch (java.io.UncheckedIOException refusedMidUpload) {
            // also acceptable (as in HostileTest): the server answered 413 and closed the connection
            // while the client was still sending, and the reset took the answer with it; not a hang
            if (refusedMidUpload.getCause() instanceof java.net.http.HttpTimeoutException) throw refusedMidUpload;
        }
        HttpResponse<String> bad = d.send(rpc("<methodCall><methodName>supervisor.getPID</methodName><params>"));
        assertEquals(200, bad.statusCode());
        assertTrue(bad.body().contains("<int>2</int>") && bad.body().contains("INCORRECT_PARAMETERS: malformed"), bad.body());
        assertEquals(ProcessState.RUNNING, d.info("web").state());
        HttpResponse<String> still = d.send(rpc(GET_API_VERSION));
        assertEquals(200, still.statusCode());
        assertEquals(pid, d.info("web").pid());
    }

    private HttpRequest.Builder rpc(String body) {
        return HttpRequest.newBuilder(d.uri("/RPC2")).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
