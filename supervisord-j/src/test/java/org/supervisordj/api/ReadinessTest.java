package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supervisordj.posix.ProcessSignals;
import org.supervisordj.posix.Signals;
import org.supervisordj.process.ProcessInfo;
import org.supervisordj.process.ProcessState;

/**
 * ready=, healthcheck= and depends_on= with real programs: a server that is slow to listen, one
 * frozen with SIGSTOP, an sd_notify child that stops its watchdog pings, a one-shot dependency.
 */
class ReadinessTest {

    @TempDir
    Path dir;

    private static final String PY = "/usr/bin/python3";

    private static Path script(String name) throws Exception {
        return Path.of(ReadinessTest.class.getResource("/health/" + name).toURI());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aDependentStartsOnlyOnceTheSlowServerListens() throws Exception {
        int port = freePort();
        Path listened = dir.resolve("listened");
        Path started = dir.resolve("started");
        String programs = "[program:db]\ncommand=" + PY + " " + script("slow_server.py") + " " + port + " 1.5 " + listened
                + "\nready=tcp:127.0.0.1:" + port + "\nready_timeout=30\nstartsecs=0\n"
                + "[program:app]\ncommand=/bin/sh -c 'echo $(date +%%s.%%N) >> " + started + "; exec sleep 1000'\n"
                + "depends_on=db\nstartsecs=0\npriority=1\n"; // priority alone would start app first
        try (TestDaemon d = TestDaemon.start(dir, programs)) {
            try {
                d.awaitState("app", ProcessState.RUNNING);
            } catch (AssertionError e) {
                throw new AssertionError(d.engine.snapshot() + "\n" + String.join("\n", d.log), e);
            }
            org.supervisordj.posix.Proc.awaitLine(started);
            org.supervisordj.posix.Proc.awaitLine(listened);
            double listenedAt = Double.parseDouble(Files.readString(listened).strip().split(" ")[1]);
            double startedAt = Double.parseDouble(Files.readString(started).strip());
            System.out.printf("depends_on: app started %.0f ms after db listened%n", (startedAt - listenedAt) * 1000);
            assertTrue(startedAt >= listenedAt, "app started at " + startedAt + ", before db listened at " + listenedAt);
            assertTrue(d.log.stream().anyMatch(l -> l.contains("success: db entered RUNNING state, process is ready (ready=tcp:")),
                    String.join("\n", d.log));

            // ctl start of a dependent pulls in its dependency; stopping both first
            d.post("/api/v1/processes/app/stop", null);
            d.post("/api/v1/processes/db/stop", null);
            d.awaitState("db", ProcessState.STOPPED);
            JsonNode r = TestDaemon.json(d.post("/api/v1/processes/app/start", null).body());
            assertEquals("OK", r.path("results").path(0).path("status").asText(), r.toString());
            assertEquals(ProcessState.RUNNING, d.info("db").state(), "starting app started db first");

            // stop all: the dependent first, then what it depends on (supervisord's reverse priority
            // order alone would stop db, priority 999, first)
            JsonNode stopped = TestDaemon.json(d.post("/api/v1/processes/all/stop", null).body());
            assertEquals(2, stopped.path("results").size(), stopped.toString());
            List<String> lines = List.copyOf(d.log);
            int app = -1;
            int db = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("stopped: app (")) app = i;
                if (lines.get(i).contains("stopped: db (")) db = i;
            }
            assertTrue(app >= 0 && db > app, "app stopped before db: " + String.join("\n", lines));
        }
    }

    @Test
    void aCrashedDependentRestartsOnlyOnceItsRestartedDependencyIsReadyAgain() throws Exception {
        int port = freePort();
        Path listened = dir.resolve("listened");
        Path started = dir.resolve("started");
        // db takes 3 s to listen after each start: the window in which app's crash restart must wait
        String programs = "[program:db]\ncommand=" + PY + " " + script("slow_server.py") + " " + port + " 3 " + listened
                + "\nready=tcp:127.0.0.1:" + port + "\nready_timeout=30\nstartsecs=0\n"
                + "[program:app]\ncommand=/bin/sh -c 'echo $(date +%%s.%%N) >> " + started + "; exec sleep 1000'\n"
                + "depends_on=db\nstartsecs=0\nautorestart=true\n";
        try (TestDaemon d = TestDaemon.start(dir, programs)) {
            int app = d.awaitState("app", ProcessState.RUNNING).pid();
            // RUNNING comes at the spawn (startsecs=0): app must have stamped before it is killed
            TestDaemon.await(() -> lines(started).size() == 1, "app stamped once");
            int db = d.info("db").pid();
            ProcessSignals.kill(db, 9);
            TestDaemon.await(() -> d.info("db").pid() != db && d.info("db").state() == ProcessState.STARTING, "db restarting");
            ProcessSignals.kill(app, 9);
            TestDaemon.await(() -> d.log.stream().anyMatch(l -> l.contains("not restarting app yet: waiting for db (STARTING)")),
                    "app's restart held by db");
            try {
                TestDaemon.await(() -> d.info("app").state() == ProcessState.RUNNING && d.info("app").pid() != app, "app restarted");
            } catch (AssertionError e) {
                throw new AssertionError(d.engine.snapshot() + "\n" + String.join("\n", d.log), e);
            }
            TestDaemon.await(() -> lines(started).size() == 2 && lines(listened).size() == 2, "both stamped twice");
            double listenedAt = Double.parseDouble(lines(listened).get(1).split(" ")[1]);
            double startedAt = Double.parseDouble(lines(started).get(1));
            assertTrue(startedAt >= listenedAt, "app restarted at " + startedAt + ", before db listened again at " + listenedAt);
            assertEquals(ProcessState.RUNNING, d.info("db").state());
        }
    }

    @Test
    void stoppingADependencyStopsItsDependentsFirstButRestartingItLeavesThemRunning() throws Exception {
        String programs = "[program:db]\ncommand=/bin/sleep 1000\nstartsecs=0\n"
                + "[program:app]\ncommand=/bin/sleep 1000\ndepends_on=db\nstartsecs=0\npriority=2\n"
                + "[program:web]\ncommand=/bin/sleep 1000\ndepends_on=app\nstartsecs=0\npriority=1\n" // priorities alone: web stops last
                + "[program:other]\ncommand=/bin/sleep 1000\nstartsecs=0\n";
        try (TestDaemon d = TestDaemon.start(dir, programs)) {
            for (String n : List.of("db", "app", "web", "other")) d.awaitState(n, ProcessState.RUNNING);
            JsonNode r = TestDaemon.json(d.post("/api/v1/processes/db/stop", null).body());
            List<String> named = new java.util.ArrayList<>();
            for (JsonNode x : r.path("results")) {
                assertEquals("OK", x.path("status").asText(), r.toString());
                named.add(x.path("name").asText());
            }
            assertEquals(List.of("db", "app", "web"), named, r.toString());
            for (String n : List.of("db", "app", "web")) assertEquals(ProcessState.STOPPED, d.info(n).state(), n);
            assertEquals(ProcessState.RUNNING, d.info("other").state());
            assertTrue(stopLine(d, "web") < stopLine(d, "app") && stopLine(d, "app") < stopLine(d, "db"),
                    "dependents stopped first: " + String.join("\n", d.log));

            d.post("/api/v1/processes/db/start", null);
            d.post("/api/v1/processes/app/start", null);
            d.post("/api/v1/processes/web/start", null);
            int web = d.awaitState("web", ProcessState.RUNNING).pid();
            int app = d.info("app").pid();
            // a restart brings the dependency back: its dependents keep running
            JsonNode restarted = TestDaemon.json(d.post("/api/v1/processes/app/restart", null).body());
            assertEquals(1, restarted.path("results").size(), restarted.toString());
            for (String n : List.of("db", "app", "web")) assertEquals(ProcessState.RUNNING, d.info(n).state(), n);
            assertNotEquals(app, d.info("app").pid());
            assertEquals(web, d.info("web").pid(), "web kept running through app's restart");

            int before = d.log.size();
            d.engine.shutdown().get(TestDaemon.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(before < stopLine(d, "web") && stopLine(d, "web") < stopLine(d, "app") && stopLine(d, "app") < stopLine(d, "db"),
                    "the shutdown stopped dependents first: " + String.join("\n", d.log));
        }
    }

    private static int stopLine(TestDaemon d, String name) {
        List<String> lines = List.copyOf(d.log);
        for (int i = lines.size() - 1; i >= 0; i--) if (lines.get(i).contains("stopped: " + name + " (")) return i;
        throw new AssertionError("no stop of " + name + " in " + String.join("\n", lines));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aServerThatNeverListensFailsItsStartWithTheReasonShown() throws Exception {
        int port = freePort();
        String programs = "[program:mute]\ncommand=/bin/sleep 1000\nready=tcp:127.0.0.1:" + port
                + "\nready_timeout=5\nstartretries=0\nstopwaitsecs=2\n"
                + "[program:web]\ncommand=/bin/sleep 1000\ndepends_on=mute\nstartsecs=0\n";
        try (TestDaemon d = TestDaemon.start(dir, programs)) {
            ProcessInfo fatal = d.awaitState("mute", ProcessState.FATAL);
            assertTrue(fatal.spawnerr().startsWith("not ready within 5 s (ready=tcp:127.0.0.1:" + port), fatal.spawnerr());
            assertTrue(fatal.spawnerr().contains("connection refused"), fatal.spawnerr());
            TestDaemon.await(() -> d.info("web").description().contains("held: mute is FATAL"), "web held by mute");
            assertEquals(ProcessState.STOPPED, d.info("web").state());
            JsonNode web = TestDaemon.json(d.get("/api/v1/processes/web").body()).path("processes").path(0);
            assertTrue(web.path("health").path("waiting_for").asText().startsWith("held: mute is FATAL"), web.toString());
        }
    }

    @Test
    void aFrozenServerBecomesUnhealthyAndIsRestarted() throws Exception {
        int port = freePort();
        Path listened = dir.resolve("listened");
        String programs = "[program:web]\ncommand=" + PY + " " + script("slow_server.py") + " " + port + " 0 " + listened
                + "\nready=http://127.0.0.1:" + port + "/\nhealthcheck=http://127.0.0.1:" + port + "/health\n"
                + "healthcheck_interval=1\nhealthcheck_timeout=5\nhealthcheck_fall=2\nstopwaitsecs=2\n";
        try (TestDaemon d = TestDaemon.start(dir, programs)) {
            int pid = d.awaitState("web", ProcessState.RUNNING).pid();
            TestDaemon.await(() -> Boolean.TRUE.equals(d.info("web").health().healthy()), "web healthy");
            long frozenAt = System.nanoTime();
            ProcessSignals.kill(pid, 19); // SIGSTOP: alive, but answers nothing
            TestDaemon.await(() -> d.info("web").pid() != pid && d.info("web").state() == ProcessState.RUNNING,
                    "web restarted with a new pid");
            System.out.printf("healthcheck: frozen web restarted after %.0f ms (timeout 5 s x fall 2 + stopwaitsecs 2)%n",
                    (System.nanoTime() - frozenAt) / 1e6);
            assertTrue(d.log.stream().anyMatch(l -> l.contains("unhealthy: web (2 failed: timed out after 5 s); restarting")),
                    String.join("\n", d.log));
            // frozen, it cannot act on its stopsignal: the stopwaitsecs part of the bound is SIGKILL's
            assertTrue(d.log.stream().anyMatch(l -> l.contains("killing 'web' (" + pid + ") with SIGKILL")),
                    String.join("\n", d.log));
            assertEquals(1, d.info("web").restartCount());
        }
    }

    @Test
    void anUnhealthyServerIsReportedWithItsLastResultAndRecovers() throws Exception {
        int port = freePort();
        Path sick = dir.resolve("sick");
        String programs = "[program:web]\ncommand=" + PY + " " + script("slow_server.py") + " " + port + " 0 "
                + dir.resolve("listened") + " " + sick + "\nready=tcp:127.0.0.1:" + port
                + "\nhealthcheck=http://127.0.0.1:" + port + "/\nhealthcheck_interval=1\nhealthcheck_fall=2\n"
                + "healthcheck_rise=2\nhealthcheck_action=report\n";
        try (TestDaemon d = TestDaemon.start(dir, programs)) {
            int pid = d.awaitState("web", ProcessState.RUNNING).pid();
            TestDaemon.await(() -> Boolean.TRUE.equals(d.info("web").health().healthy()), "web healthy");
            Files.writeString(sick, "");
            // The count goes on rising once a second (healthcheck_interval), so a slow look may see 3 or more.
            TestDaemon.await(() -> d.info("web").description().matches(".*, unhealthy \\([2-9]\\d* failed: HTTP 503\\)"),
                    "web shown unhealthy");
            assertTrue(d.info("web").description().matches("pid \\d+, uptime \\d+:\\d\\d:\\d\\d, unhealthy \\([2-9]\\d* failed: HTTP 503\\)"),
                    d.info("web").description());
            JsonNode h = TestDaemon.json(d.get("/api/v1/processes/web").body()).path("processes").path(0).path("health");
            assertEquals(false, h.path("healthy").asBoolean(true), h.toString());
            assertEquals("HTTP 503", h.path("last_result").asText(), h.toString());
            Files.delete(sick);
            TestDaemon.await(() -> Boolean.TRUE.equals(d.info("web").health().healthy()), "web healthy again");
            assertEquals(pid, d.info("web").pid(), "report: never restarted");
        }
    }

    @Test
    void anSdNotifyChildIsRunningOnReadyAndRestartedWhenItsWatchdogStops() throws Exception {
        Path marker = dir.resolve("marker");
        Path stop = dir.resolve("stop-pings");
        String programs = "[program:svc]\ncommand=" + PY + " " + script("notify_child.py") + " " + marker + " " + stop
                + "\nready=notify\nready_timeout=30\nwatchdog_secs=5\nstopwaitsecs=2\n";
        try (TestDaemon d = TestDaemon.start(dir, programs)) {
            ProcessInfo running = d.awaitState("svc", ProcessState.RUNNING);
            List<String> lines = Files.readAllLines(marker);
            assertEquals(running.pid() + " 5000000", lines.get(0), "NOTIFY_SOCKET's child got WATCHDOG_USEC");
            TestDaemon.await(() -> d.info("svc").description().endsWith(", serving requests"), "STATUS= shown");
            Files.writeString(stop, "");
            long stoppedAt = System.nanoTime();
            TestDaemon.await(() -> d.info("svc").pid() != running.pid() && d.info("svc").state() == ProcessState.RUNNING,
                    "svc restarted after its pings stopped");
            System.out.printf("watchdog: svc restarted %.0f ms after its pings stopped (watchdog_secs=5)%n",
                    (System.nanoTime() - stoppedAt) / 1e6);
            assertTrue(d.log.stream().anyMatch(l -> l.contains("watchdog: svc sent no WATCHDOG=1 for 5 s")),
                    String.join("\n", d.log));
            assertNotEquals(running.pid(), d.info("svc").pid());
        }
    }

    @Test
    void aOneShotDependencyRunsOnceAndDoesNotCountAsDown() throws Exception {
        Path runs = dir.resolve("runs");
        String programs = "[program:migrate]\ncommand=/bin/sh -c 'sleep 0.5; echo run >> " + runs + "'\n"
                + "autorestart=false\nstartsecs=0\n"
                + "[program:app]\ncommand=/bin/sleep 1000\ndepends_on=migrate\nstartsecs=0\npriority=1\n";
        try (TestDaemon d = TestDaemon.start(dir, programs)) {
            d.awaitState("app", ProcessState.RUNNING);
            assertEquals(ProcessState.EXITED, d.info("migrate").state(), "app waited for migrate's exit");
            assertTrue(d.info("migrate").health().finished());
            JsonNode r = TestDaemon.json(d.post("/api/v1/processes/app/restart", null).body());
            assertEquals("OK", r.path("results").path(0).path("status").asText(), r.toString());
            assertEquals(List.of("run"), Files.readAllLines(runs), "restarting app did not run migrate again");
            JsonNode m = TestDaemon.json(d.get("/api/v1/processes/migrate").body()).path("processes").path(0);
            assertTrue(m.path("health").path("finished").asBoolean(), m.toString());
        }
    }

    @Test
    void aFailedOneShotHoldsItsDependentsWithTheReasonUntilItSucceeds() throws Exception {
        Path ok = dir.resolve("ok");
        String programs = "[program:migrate]\ncommand=/bin/sh -c 'test -e " + ok + " || exit 2'\n"
                + "autorestart=false\nstartsecs=0\n"
                + "[program:app]\ncommand=/bin/sleep 1000\ndepends_on=migrate\nstartsecs=0\n";
        try (TestDaemon d = TestDaemon.start(dir, programs)) {
            try {
                TestDaemon.await(() -> d.info("app").description().endsWith("held: migrate exited with status 2 (not expected)"),
                        "app held by the failed one-shot");
            } catch (AssertionError e) {
                throw new AssertionError(d.engine.snapshot() + "\n" + String.join("\n", d.log), e);
            }
            assertEquals(ProcessState.STOPPED, d.info("app").state());
            assertEquals(ProcessState.EXITED, d.info("migrate").state());
            JsonNode app = TestDaemon.json(d.get("/api/v1/processes/app").body()).path("processes").path(0);
            assertEquals("held: migrate exited with status 2 (not expected)", app.path("health").path("waiting_for").asText(),
                    app.toString());
            assertTrue(d.log.stream().anyMatch(l -> l.contains("not starting app: held: migrate exited with status 2")),
                    String.join("\n", d.log));
            // fixed and run again by hand, the one-shot finishes as expected and app starts by itself
            Files.writeString(ok, "");
            d.post("/api/v1/processes/migrate/start", null);
            d.awaitState("app", ProcessState.RUNNING);
            assertTrue(d.info("migrate").health().finished());
        }
    }

    @Test
    void anSdNotifyChildsReloadingAndStoppingAreShown() throws Exception {
        String programs = "[program:svc]\ncommand=" + PY + " " + script("notify_phases.py") + "\nready=notify\nready_timeout=30\n";
        try (TestDaemon d = TestDaemon.start(dir, programs)) {
            int pid = d.awaitState("svc", ProcessState.RUNNING).pid(); // its READY=1: the signal handlers are set
            ProcessSignals.kill(pid, Signals.number("USR1"));
            TestDaemon.await(() -> d.info("svc").description().endsWith(", reloading"), "RELOADING=1 shown");
            JsonNode h = TestDaemon.json(d.get("/api/v1/processes/svc").body()).path("processes").path(0).path("health");
            assertEquals("reloading", h.path("phase").asText(), h.toString());
            ProcessSignals.kill(pid, Signals.number("USR2"));
            TestDaemon.await(() -> d.info("svc").health().phase() == null, "READY=1 after RELOADING=1 clears it");
            assertTrue(d.info("svc").description().matches("pid \\d+, uptime \\d+:\\d\\d:\\d\\d"), d.info("svc").description());
            ProcessSignals.kill(pid, Signals.number("HUP"));
            TestDaemon.await(() -> d.info("svc").description().endsWith(", stopping"), "STOPPING=1 shown");
            assertEquals(ProcessState.RUNNING, d.info("svc").state(), "only shown: the daemon did not stop it");
        }
    }

    @Test
    void execProbesDecideReadinessAndHealthThroughTheSpawner() throws Exception {
        Path up = dir.resolve("up");
        Path sick = dir.resolve("sick");
        String programs = "[program:job]\ncommand=/bin/sh -c 'sleep 1; touch " + up + "; exec sleep 1000'\n"
                + "ready=exec:/bin/test -e " + up + "\nready_timeout=30\n"
                + "healthcheck=exec:/bin/sh -c 'test ! -e " + sick + "'\nhealthcheck_interval=1\nhealthcheck_fall=2\n"
                + "healthcheck_action=report\n";
        try (TestDaemon d = TestDaemon.start(dir, programs)) {
            d.awaitState("job", ProcessState.RUNNING);
            assertTrue(Files.exists(up), "RUNNING only once the exec: probe passed");
            TestDaemon.await(() -> Boolean.TRUE.equals(d.info("job").health().healthy()), "job healthy");
            Files.writeString(sick, "");
            TestDaemon.await(() -> d.info("job").description().matches(".*unhealthy \\([2-9]\\d* failed: exit status 1\\)"),
                    "job unhealthy from its exec: check");
            assertTrue(d.log.stream().noneMatch(l -> l.contains("of no known process")), String.join("\n", d.log));
        }
    }

    @Test
    void systemdsOwnNotifyToolWorksToo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-notify")),
                "skipped: needs systemd-notify (package systemd)");
        String programs = "[program:tool]\ncommand=/bin/sh -c 'sleep 0.5; /usr/bin/systemd-notify --ready "
                + "--status=\"warmed up\"; exec sleep 1000'\nready=notify\nready_timeout=30\n";
        try (TestDaemon d = TestDaemon.start(dir, programs)) {
            d.awaitState("tool", ProcessState.RUNNING);
            TestDaemon.await(() -> d.info("tool").description().endsWith(", warmed up"), "STATUS= from systemd-notify");
        }
    }
}
