package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.http.HttpRequest;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.process.ProcessState;

/** A browser's forged POST (another site's form or script) cannot act; ctl, curl and the dashboard can. */
class CrossSiteGuardTest {

    @Test
    void browserPostsNeedTheHeaderAndCrossSiteOnesAreRefused(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, "[program:web]\ncommand=sleep 1000\nstartsecs=0\n", "admin", "pw", "")) {
            int pid = d.awaitState("web", ProcessState.RUNNING).pid();
            // What a cross-site <form method=post> sends: Origin and Sec-Fetch-Site, with the cached credentials.
            var form = d.send(HttpRequest.newBuilder(d.uri("/api/v1/processes/web/stop"))
                    .header("Origin", "http://evil.example").header("Sec-Fetch-Site", "cross-site")
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("a=b")));
            assertEquals(403, form.statusCode(), form.body());
            assertEquals("FORBIDDEN", TestDaemon.json(form.body()).at("/error/code").asText());
            // Even with the header, a cross-site request is refused (a browser would have preflighted it).
            var script = d.send(HttpRequest.newBuilder(d.uri("/api/v1/processes/web/stop"))
                    .header("Sec-Fetch-Site", "cross-site").header("X-Requested-With", "x").POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(403, script.statusCode(), script.body());
            // A same-origin browser POST without the header (an old page, a hand-made form) is refused too.
            var bare = d.send(HttpRequest.newBuilder(d.uri("/api/v1/processes/web/stop"))
                    .header("Origin", "http://127.0.0.1:" + d.api.port()).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(403, bare.statusCode(), bare.body());
            assertEquals(pid, d.info("web").pid(), "nothing was stopped");
            assertEquals(ProcessState.RUNNING, d.info("web").state());
            // The dashboard's own request, and a client that is not a browser, act.
            var page = d.send(HttpRequest.newBuilder(d.uri("/api/v1/processes/web/restart"))
                    .header("Origin", "http://127.0.0.1:" + d.api.port()).header("Sec-Fetch-Site", "same-origin")
                    .header("X-Requested-With", "supervisord-j-dashboard").POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, page.statusCode(), page.body());
            assertNotEquals(pid, d.info("web").pid());
            assertEquals(200, d.post("/api/v1/processes/web/stop", null).statusCode());
        }
    }
}
