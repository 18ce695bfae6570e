package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.process.ProcessState;

/** The log route: tails, ranges, X-Log-Size, bad parameters, and follow across rotations. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogRoutesTest {

    private static final String OUT = "0123456789\nABCDEFGHIJ\n";
    Path dir;
    TestDaemon d;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        d = TestDaemon.start(dir, """
                [program:fixed]
                command=sh -c "echo 0123456789; echo ABCDEFGHIJ; echo err-text >&2; exec sleep 1000"
                startsecs=0

                [program:merged]
                command=sleep 1000
                startsecs=0
                redirect_stderr=true

                [program:pair]
                command=sleep 1000
                numprocs=2
                process_name=%%(program_name)s_%%(process_num)d
                startsecs=0

                [program:rot]
                command=sh -c "while [ ! -f %(here)s/go ]; do sleep 0.05; done; i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo line-$i; done; exec sleep 1000"
                startsecs=0
                stdout_logfile_maxbytes=1KB
                stdout_logfile_backups=5

                [program:tick]
                command=sh -c "while [ ! -f %(here)s/tick ]; do sleep 0.05; done; echo tick-over-unix; exec sleep 1000"
                startsecs=0
                """.replace("%%", "%"));
        d.awaitState("fixed", ProcessState.RUNNING);
        Path out = Path.of(d.info("fixed").stdoutLogfile());
        Path err = Path.of(d.info("fixed").stderrLogfile());
        TestDaemon.await(() -> size(out) == OUT.length() && size(err) == 9, "fixed's output in its logs");
    }

    @AfterAll
    void stop() throws Exception {
        if (d != null) d.close();
    }

    @Test
    void defaultIsTheLast1600BytesWithTheSize() throws Exception {
        HttpResponse<String> r = d.get("/api/v1/processes/fixed/log");
        assertEquals(200, r.statusCode());
        assertEquals(OUT, r.body());
        assertEquals("22", r.headers().firstValue("X-Log-Size").orElseThrow());
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElseThrow());
        RawHttp.Response unix = d.unix("GET", "/api/v1/processes/fixed/log", null);
        assertEquals(OUT, unix.text());
        assertEquals("22", unix.headers().get("x-log-size"));
    }

    @Test
    void offsetsLengthsAndStreams() {
        assertEquals("01234", d.get("/api/v1/processes/fixed/log?offset=0&length=5").body());
        assertEquals("ABCDEFGHIJ\n", d.get("/api/v1/processes/fixed/log?offset=-11").body());
        assertEquals("ABCDEFGHIJ\n", d.get("/api/v1/processes/fixed/log?offset=11").body());
        HttpResponse<String> past = d.get("/api/v1/processes/fixed/log?offset=100&length=10");
        assertEquals("", past.body());
        assertEquals("22", past.headers().firstValue("X-Log-Size").orElseThrow());
        assertEquals("err-text\n", d.get("/api/v1/processes/fixed/log?stream=stderr").body());
    }

    @Test
    void badParametersAndNames() throws Exception {
        for (String q : new String[] {"stream=stdin", "offset=abc", "length=-1", "offset=-5&length=3", "follow=perhaps"}) {
            HttpResponse<String> r = d.get("/api/v1/processes/fixed/log?" + q);
            ProcessRoutesTest.assertFault(r.statusCode(), r.body(), 400, "BAD_ARGUMENTS");
        }
        HttpResponse<String> merged = d.get("/api/v1/processes/merged/log?stream=stderr");
        ProcessRoutesTest.assertFault(merged.statusCode(), merged.body(), 400, "BAD_ARGUMENTS");
        assertTrue(merged.body().contains("redirect_stderr"), merged.body());
        HttpResponse<String> group = d.get("/api/v1/processes/pair/log");
        ProcessRoutesTest.assertFault(group.statusCode(), group.body(), 400, "BAD_ARGUMENTS");
        assertEquals(200, d.get("/api/v1/processes/pair:pair_1/log").statusCode());
        RawHttp.Response missing = d.unix("GET", "/api/v1/processes/nope/log", null);
        ProcessRoutesTest.assertFault(missing.status(), missing.text(), 404, "BAD_NAME");
    }

    @Test
    void followStreamsEveryByteOnceAcrossRotations() throws Exception {
        d.awaitState("rot", ProcessState.RUNNING);
        HttpResponse<InputStream> r = d.http.send(HttpRequest.newBuilder(d.uri("/api/v1/processes/rot/log?follow=true"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 300; i++) expected.append("line-").append(i).append('\n');
        try (InputStream in = r.body()) {
            Files.writeString(dir.resolve("go"), "");
            CompletableFuture<String> got = CompletableFuture.supplyAsync(() -> {
                StringBuilder b = new StringBuilder();
                byte[] buf = new byte[4096];
                try {
                    while (!b.toString().endsWith("line-300\n")) {
                        int n = in.read(buf);
                        if (n < 0) break;
                        b.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return b.toString();
            });
            assertEquals(expected.toString(), got.get(TestDaemon.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        }
        Path log = Path.of(d.info("rot").stdoutLogfile());
        assertTrue(Files.exists(log.resolveSibling(log.getFileName() + ".1")), "the log did rotate meanwhile");
    }

    @Test
    void followOverTheUnixSocket() throws Exception {
        d.awaitState("tick", ProcessState.RUNNING);
        try (SocketChannel ch = RawHttp.open(UnixDomainSocketAddress.of(d.api.unixSocket()),
                "/api/v1/processes/tick/log?follow=true")) {
            String head = RawHttp.readUntil(ch, s -> s.contains("\r\n\r\n"), TestDaemon.DEADLINE); // following now
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.toLowerCase().contains("transfer-encoding: chunked"), head);
            Files.writeString(dir.resolve("tick"), "");
            String got = head + RawHttp.readUntil(ch, s -> s.contains("tick-over-unix"), TestDaemon.DEADLINE);
            assertTrue(got.contains("tick-over-unix"), got);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
