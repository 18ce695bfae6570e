package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.process.ProcessState;

/** Children's stdin: a pipe held by the daemon, written through POST /api/v1/processes/{name}/stdin. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StdinRoutesTest {

    private TestDaemon d;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        d = TestDaemon.start(tmp, """
                [program:cat]
                command=/bin/cat
                startsecs=1

                [program:untilstdincloses]
                command=/bin/sh -c 'cat >/dev/null; exit 3'
                startsecs=1

                [program:deaf]
                command=/bin/sleep 600
                startsecs=0

                [program:closer]
                command=/bin/sh -c 'exec 0<&-; echo ready; exec sleep 600'
                startsecs=0

                [program:slow]
                command=/bin/sh -c 'while [ ! -e %(here)s/go ]; do sleep 0.05; done; exec cat'
                startsecs=0

                [program:idle]
                command=/bin/cat
                autostart=false
                """);
    }

    @AfterAll
    void stop() {
        d.close();
    }

    @Test
    void whatIsSentReachesTheChildsStdin() throws Exception {
        d.awaitState("cat", ProcessState.RUNNING);
        HttpResponse<String> r = d.post("/api/v1/processes/cat/stdin", "{\"chars\":\"hello stdin é\\n\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("OK", TestDaemon.json(r.body()).at("/results/0/status").asText());
        Path log = Path.of(d.info("cat").stdoutLogfile());
        TestDaemon.await(() -> read(log).contains("hello stdin é\n"), "cat to echo what was sent");
    }

    @Test
    void aProgramThatExitsWhenStdinClosesStaysRunning() {
        // With /dev/null as stdin it exited at once and went FATAL; RUNNING means it outlived startsecs.
        d.awaitState("untilstdincloses", ProcessState.RUNNING);
    }

    @Test
    void aStoppedProcessIsNotRunningAndAnUnknownOneIsABadName() {
        HttpResponse<String> r = d.post("/api/v1/processes/idle/stdin", "{\"chars\":\"x\"}");
        assertEquals(409, r.statusCode(), r.body());
        assertEquals("NOT_RUNNING", TestDaemon.json(r.body()).at("/error/code").asText(), r.body());
        r = d.post("/api/v1/processes/nosuch/stdin", "{\"chars\":\"x\"}");
        assertEquals(404, r.statusCode(), r.body());
        r = d.post("/api/v1/processes/cat/stdin", "{}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("chars"), r.body());
    }

    @Test
    void aStdinTheChildClosedIsNoFile() {
        d.awaitState("closer", ProcessState.RUNNING);
        TestDaemon.await(() -> read(Path.of(d.info("closer").stdoutLogfile())).contains("ready"), "closer ready");
        HttpResponse<String> r = d.post("/api/v1/processes/closer/stdin", "{\"chars\":\"x\"}");
        assertEquals(409, r.statusCode(), r.body());
        assertEquals("NO_FILE", TestDaemon.json(r.body()).at("/error/code").asText(), r.body());
        assertEquals(ProcessState.RUNNING, d.info("closer").state());
    }

    @Test
    void aChildThatNeverReadsFillsABoundedBufferThenGetsAnError() {
        ProcessState before = d.awaitState("deaf", ProcessState.RUNNING).state();
        int pid = d.info("deaf").pid();
        String chunk = "{\"chars\":\"" + "x".repeat(60_000) + "\"}";
        JsonNode last = null;
        int accepted = 0;
        for (int i = 0; i < 40; i++) { // pipe (64 KiB) + 1 MiB pending < 40 * 60 kB
            HttpResponse<String> r = d.post("/api/v1/processes/deaf/stdin", chunk);
            last = TestDaemon.json(r.body());
            if (r.statusCode() != 200) {
                assertEquals(500, r.statusCode(), r.body());
                break;
            }
            accepted++;
        }
        assertTrue(accepted >= 17, "accepted only " + accepted);
        assertEquals("FAILED", last.at("/error/code").asText(), last.toString());
        assertTrue(last.at("/error/message").asText().contains("stdin buffer full"), last.toString());
        assertEquals(before, d.info("deaf").state());
        assertEquals(pid, d.info("deaf").pid());
        // The daemon goes on answering, and other children's stdin still works.
        assertEquals(200, d.post("/api/v1/processes/cat/stdin", "{\"chars\":\"after\\n\"}").statusCode());
    }

    @Test
    void whatThePipeCouldNotTakeIsSentOnceTheChildReads() throws Exception {
        d.awaitState("slow", ProcessState.RUNNING);
        String chunk = "y".repeat(59_999) + "\n";
        for (int i = 0; i < 5; i++) { // 300 kB: more than the pipe holds while nobody reads
            HttpResponse<String> r = d.post("/api/v1/processes/slow/stdin", "{\"chars\":\"" + chunk.replace("\n", "\\n") + "\"}");
            assertEquals(200, r.statusCode(), r.body());
        }
        Files.writeString(d.dir.resolve("go"), "");
        Path log = Path.of(d.info("slow").stdoutLogfile());
        TestDaemon.await(() -> size(log) == 5 * 60_000L, "all 300 kB echoed by slow (has " + size(log) + ")");
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
