package org.supervisordj.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract tests: each verb's output and exit status for canned answers written exactly as
 * docs/api.md specifies them. (The end-to-end tests against the real daemon follow the merge.)
 */
class CommandsTest {
    @TempDir
    Path dir;

    /** "METHOD /path" (no query) → status and JSON body. */
    private final Map<String, Object[]> routes = new LinkedHashMap<>();
    private FakeDaemon daemon;

    @BeforeEach
    void start() throws Exception {
        daemon = FakeDaemon.unix(dir.resolve("d.sock"), (req, r) -> {
            Object[] canned = routes.get(req.method() + " " + req.path());
            if (canned == null) {
                r.json(404, "{\"error\": {\"code\": \"NOT_FOUND\", \"message\": \"" + req.path() + "\"}}");
            } else if (canned[1] instanceof byte[]) {
                r.fixed((Integer) canned[0], "application/octet-stream", (byte[]) canned[1], Map.of("X-Log-Size", (String) canned[2]));
            } else {
                r.json((Integer) canned[0], (String) canned[1]);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
        assertEquals(List.of(), daemon.failures);
    }

    private void on(String route, int status, String json) {
        routes.put(route, new Object[] {status, json});
    }

    private CtlRun ctl(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-s";
        all[1] = daemon.url();
        System.arraycopy(args, 0, all, 2, args.length);
        return CtlRun.run(all);
    }

    static String info(String group, String name, String state, int pid, String description) {
        String namespec = group.equals(name) ? name : group + ":" + name;
        return "{\"name\": \"" + name + "\", \"group\": \"" + group + "\", \"namespec\": \"" + namespec + "\", \"state\": \""
                + state + "\", \"statecode\": 20, \"pid\": " + pid + ", \"start\": 1764081000, \"stop\": 0, \"now\": 1764081062,"
                + " \"uptime_s\": 62, \"exitstatus\": 0, \"spawnerr\": \"\", \"restarts\": 0, \"next_retry\": null,"
                + " \"description\": \"" + description + "\", \"stdout_logfile\": \"/var/log/web.log\", \"stderr_logfile\": \"\"}";
    }

    private void threeProcesses(String workerState) {
        on("GET /api/v1/processes", 200, "{\"processes\": ["
                + info("web", "web", "RUNNING", 4242, "pid 4242, uptime 0:01:02") + ", "
                + info("workers", "worker_0", "RUNNING", 4243, "pid 4243, uptime 0:01:02") + ", "
                + info("workers", "worker_1", workerState, 0, "Nov 25 03:50 PM") + "]}");
    }

    // ---- status

    @Test
    void severalServersShowAHostColumnAndTheWorstExitStatus() {
        threeProcesses("STOPPED");
        String gone = "unix://" + dir.resolve("gone.sock");
        CtlRun r = CtlRun.run("-s", daemon.url(), "-s", gone, "status", "web", "nope");
        String host = Fleet.label(ServerUrl.parse(daemon.url()));
        String pad = " ".repeat(gone.length() - host.length() + 2);
        assertEquals(host + pad + "nope: ERROR (no such process)\n"
                + host + pad + "web                              RUNNING   pid 4242, uptime 0:01:02\n", r.out());
        assertEquals(gone + ": no such file\n", r.err());
        assertEquals(69, r.exit(), "the unreachable server's 69 beats the other's 4");
        CtlRun json = CtlRun.run("-s", daemon.url(), "-s", daemon.url(), "status", "--json", "workers:*");
        assertEquals(3, json.exit(), json.err());
        assertTrue(json.out().startsWith("{\"processes\":[{\"host\":\"" + host + "\",\"name\":\"worker_0\""), json.out());
        assertTrue(json.out().endsWith("\"failures\":[]}\n"), json.out());
        CtlRun tail = CtlRun.run("-s", daemon.url(), "-s", gone, "tail", "web");
        assertEquals(2, tail.exit());
        assertTrue(tail.err().contains("ctl tail talks to one server"), tail.err());
    }

    @Test
    void statusAllRunningExitsZero() {
        on("GET /api/v1/processes", 200, "{\"processes\": [" + info("web", "web", "RUNNING", 4242, "pid 4242, uptime 0:01:02")
                + ", " + info("workers", "worker_0", "STARTING", 0, "") + "]}");
        CtlRun r = ctl("status");
        assertEquals(0, r.exit(), r.err());
        assertEquals("web                              RUNNING   pid 4242, uptime 0:01:02\n"
                + "workers:worker_0                 STARTING  \n", r.out());
    }

    @Test
    void statusExitsThreeWhenAShownProcessIsStopped() {
        threeProcesses("STOPPED");
        CtlRun r = ctl("status");
        assertEquals(3, r.exit());
        assertTrue(r.out().endsWith("workers:worker_1                 STOPPED   Nov 25 03:50 PM\n"), r.out());
        assertEquals(0, ctl("status", "web", "workers:worker_0").exit(), "only the shown processes count");
    }

    @Test
    void statusDoesNotCountAOneShotThatFinishedButCountsOneThatFailed() {
        String finished = info("setup", "migrate", "EXITED", 0, "Nov 25 03:50 PM");
        finished = finished.substring(0, finished.length() - 1) + ", \"health\": {\"finished\": true}}";
        on("GET /api/v1/processes", 200, "{\"processes\": [" + info("web", "web", "RUNNING", 4242, "pid 4242, uptime 0:01:02")
                + ", " + finished + "]}");
        assertEquals(0, ctl("status").exit(), "migrate exited as expected: nothing is down");
        on("GET /api/v1/processes", 200, "{\"processes\": [" + info("web", "web", "RUNNING", 4242, "pid 4242, uptime 0:01:02")
                + ", " + info("setup", "migrate", "EXITED", 0, "Nov 25 03:50 PM") + "]}");
        assertEquals(3, ctl("status").exit(), "a one-shot without finished (an unexpected exit) counts");
    }

    @Test
    void statusSelectsLikeSupervisorctl() {
        threeProcesses("FATAL");
        CtlRun r = ctl("status", "workers:*");
        assertEquals(3, r.exit());
        assertEquals(2, r.out().lines().count());
        r = ctl("status", "web");
        assertEquals("web                              RUNNING   pid 4242, uptime 0:01:02\n", r.out());
        r = ctl("status", "workers"); // a bare group name: the whole group, as the API allows
        assertEquals(2, r.out().lines().count());
    }

    @Test
    void statusOfUnknownNamesExitsFour() {
        threeProcesses("RUNNING");
        CtlRun r = ctl("status", "nope", "web", "ghost:*");
        assertEquals(4, r.exit());
        assertEquals("nope: ERROR (no such process)\nghost: ERROR (no such group)\n"
                + "web                              RUNNING   pid 4242, uptime 0:01:02\n", r.out());
    }

    @Test
    void statusStoppedWinsOverUnknown() {
        threeProcesses("EXITED");
        assertEquals(3, ctl("status", "nope", "workers:worker_1").exit());
    }

    @Test
    void statusWidensTheNameColumnForLongNames() {
        on("GET /api/v1/processes", 200, "{\"processes\": ["
                + info("a-rather-long-group-name", "and-a-long-process", "RUNNING", 1, "pid 1, uptime 0:00:01") + "]}");
        assertEquals("a-rather-long-group-name:and-a-long-process   RUNNING   pid 1, uptime 0:00:01\n", ctl("status").out());
    }

    @Test
    void statusJsonPrintsTheApiObjects() {
        threeProcesses("RUNNING");
        CtlRun r = ctl("status", "--json", "web");
        assertEquals(0, r.exit());
        Map<?, ?> body = (Map<?, ?>) Json.parse(r.out());
        List<?> processes = (List<?>) body.get("processes");
        assertEquals(1, processes.size());
        assertEquals(4242L, ((Map<?, ?>) processes.get(0)).get("pid"));
        assertEquals("pid 4242, uptime 0:01:02", ((Map<?, ?>) processes.get(0)).get("description"));
    }

    // ---- start / stop / restart / signal

    private static String result(String group, String name, String status, String description) {
        String namespec = group.equals(name) ? name : group + ":" + name;
        return "{\"name\": \"" + name + "\", \"group\": \"" + group + "\", \"namespec\": \"" + namespec
                + "\", \"status\": \"" + status + "\", \"description\": \"" + description + "\"}";
    }

    @Test
    void startPrintsStarted() {
        on("POST /api/v1/processes/web/start", 200, "{\"results\": [" + result("web", "web", "OK", "OK") + "]}");
        CtlRun r = ctl("start", "web");
        assertEquals(0, r.exit());
        assertEquals("web: started\n", r.out());
        assertEquals("", daemon.requests.get(0).query(), "wait=true is the API's default");
    }

    @Test
    void startOfAGroupPrintsEveryProcess() {
        on("POST /api/v1/processes/workers:*/start", 200, "{\"results\": [" + result("workers", "worker_0", "OK", "OK")
                + ", " + result("workers", "worker_1", "OK", "OK") + "]}");
        CtlRun r = ctl("start", "workers:*");
        assertEquals("workers:worker_0: started\nworkers:worker_1: started\n", r.out());
    }

    @Test
    void startAlreadyStartedExitsZero() {
        on("POST /api/v1/processes/web/start", 409, "{\"results\": [" + result("web", "web", "ALREADY_STARTED", "web")
                + "], \"error\": {\"code\": \"ALREADY_STARTED\", \"message\": \"web\"}}");
        CtlRun r = ctl("start", "web");
        assertEquals(0, r.exit());
        assertEquals("web: ERROR (already started)\n", r.out());
    }

    @Test
    void startSpawnErrorShowsReasonAndStderrTailAndExitsSeven() {
        on("POST /api/v1/processes/web/start", 500, "{\"results\": [{\"name\": \"web\", \"group\": \"web\", \"namespec\": \"web\","
                + " \"status\": \"SPAWN_ERROR\", \"description\": \"Exited too quickly (process log may have details)\","
                + " \"stderr_tail\": \"Traceback (most recent call last):\\nModuleNotFoundError: No module named 'flask'\\n\"}],"
                + " \"error\": {\"code\": \"SPAWN_ERROR\", \"message\": \"web\"}}");
        CtlRun r = ctl("start", "web");
        assertEquals(7, r.exit());
        assertEquals("web: ERROR (spawn error)\n"
                + "  Exited too quickly (process log may have details)\n"
                + "  | Traceback (most recent call last):\n"
                + "  | ModuleNotFoundError: No module named 'flask'\n", r.out());
    }

    @Test
    void startOfUnknownNames() {
        on("POST /api/v1/processes/nope/start", 404, "{\"error\": {\"code\": \"BAD_NAME\", \"message\": \"nope\"}}");
        on("POST /api/v1/processes/ghost:*/start", 404, "{\"error\": {\"code\": \"BAD_NAME\", \"message\": \"ghost:*\"}}");
        CtlRun r = ctl("start", "nope");
        assertEquals(1, r.exit());
        assertEquals("nope: ERROR (no such process)\n", r.out());
        r = ctl("start", "ghost:*");
        assertEquals(2, r.exit(), "supervisorctl: INVALID_ARGS for a start of an unknown group");
        assertEquals("ghost: ERROR (no such group)\n", r.out());
    }

    @Test
    void startWithoutANameIsAUsageError() {
        CtlRun r = ctl("start");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Missing required parameter"), r.err());
    }

    @Test
    void startAllPostsOnceAndNoWaitSendsWaitFalse() {
        on("POST /api/v1/processes/all/start", 200, "{\"results\": [" + result("web", "web", "OK", "OK") + "]}");
        CtlRun r = ctl("start", "--no-wait", "web", "all");
        assertEquals("web: started\n", r.out());
        assertEquals(1, daemon.requests.size());
        assertEquals("wait=false", daemon.requests.get(0).query());
    }

    @Test
    void stopPrintsStoppedAndNotRunningExitsZero() {
        on("POST /api/v1/processes/web/stop", 200, "{\"results\": [" + result("web", "web", "OK", "OK") + "]}");
        on("POST /api/v1/processes/api/stop", 409, "{\"results\": [" + result("api", "api", "NOT_RUNNING", "api")
                + "], \"error\": {\"code\": \"NOT_RUNNING\", \"message\": \"api\"}}");
        CtlRun r = ctl("stop", "web", "api");
        assertEquals(0, r.exit());
        assertEquals("web: stopped\napi: ERROR (not running)\n", r.out());
    }

    @Test
    void startAndStopOfAllOrAGroupSkipWhatIsAlreadyInTheAskedState() {
        on("POST /api/v1/processes/all/start", 409, "{\"results\": [" + result("web", "web", "ALREADY_STARTED", "web")
                + ", " + result("api", "api", "OK", "OK") + "], \"error\": {\"code\": \"ALREADY_STARTED\", \"message\": \"web\"}}");
        on("POST /api/v1/processes/workers:*/stop", 409, "{\"results\": [" + result("workers", "worker_0", "NOT_RUNNING", "x")
                + "], \"error\": {\"code\": \"NOT_RUNNING\", \"message\": \"x\"}}");
        CtlRun r = ctl("start", "all");
        assertEquals(0, r.exit());
        assertEquals("api: started\n", r.out(), "supervisorctl start all says nothing of running processes");
        r = ctl("stop", "workers:*");
        assertEquals(0, r.exit());
        assertEquals("", r.out());
    }

    @Test
    void stopOfUnknownGroupExitsOne() {
        on("POST /api/v1/processes/ghost:*/stop", 404, "{\"error\": {\"code\": \"BAD_NAME\", \"message\": \"ghost:*\"}}");
        CtlRun r = ctl("stop", "ghost:*");
        assertEquals(1, r.exit());
        assertEquals("ghost: ERROR (no such group)\n", r.out());
    }

    @Test
    void restartPrintsStoppedThenStarted() {
        on("POST /api/v1/processes/web/restart", 200, "{\"results\": [" + result("web", "web", "OK", "OK") + "]}");
        CtlRun r = ctl("restart", "web");
        assertEquals(0, r.exit());
        assertEquals("web: stopped\nweb: started\n", r.out());
    }

    @Test
    void restartAbnormalTerminationExitsSeven() {
        on("POST /api/v1/processes/web/restart", 500, "{\"results\": [" + result("web", "web", "ABNORMAL_TERMINATION", "web")
                + "], \"error\": {\"code\": \"ABNORMAL_TERMINATION\", \"message\": \"web\"}}");
        CtlRun r = ctl("restart", "web");
        assertEquals(7, r.exit());
        assertTrue(r.out().startsWith("web: ERROR (abnormal termination)\n"), r.out());
    }

    @Test
    void rollingRestartAsksForARollAndPrintsEachProcessInRollOrder() {
        on("POST /api/v1/processes/web:*/restart", 500, "{\"results\": [" + result("web", "web_0", "OK", "OK") + ", "
                + result("web", "web_1", "ABNORMAL_TERMINATION", "abnormal termination") + ", "
                + result("web", "web_2", "FAILED", "not restarted: the rolling restart stopped at web:web_1 (abnormal termination)")
                + "], \"error\": {\"code\": \"ABNORMAL_TERMINATION\", \"message\": \"web:web_1: abnormal termination\"}}");
        CtlRun r = ctl("restart", "--rolling", "web:*");
        assertEquals("rolling=true", daemon.requests.get(0).query());
        assertEquals(1, r.exit(), r.out()); // supervisorctl's rule: the last failing result decides
        assertTrue(r.out().startsWith("web:web_0: stopped\nweb:web_0: started\nweb:web_1: ERROR (abnormal termination)\n"), r.out());
        assertTrue(r.out().contains("web:web_2: ERROR (FAILED: not restarted: the rolling restart stopped at web:web_1"), r.out());
    }

    @Test
    void rollingRestartRefusesNoWait() {
        CtlRun r = ctl("restart", "--rolling", "--no-wait", "web:*");
        assertEquals(2, r.exit());
        assertTrue(daemon.requests.isEmpty());
        assertTrue(r.err().contains("--rolling waits for each process"), r.err());
    }

    @Test
    void signalSendsTheSignalAndPrintsSignalled() {
        on("POST /api/v1/processes/web/signal", 200, "{\"results\": [" + result("web", "web", "OK", "OK") + "]}");
        CtlRun r = ctl("signal", "HUP", "web");
        assertEquals(0, r.exit());
        assertEquals("web: signalled\n", r.out());
        assertEquals("{\"signal\":\"HUP\"}", daemon.requests.get(0).body());
    }

    @Test
    void signalFaults() {
        on("POST /api/v1/processes/web/signal", 400, "{\"error\": {\"code\": \"BAD_SIGNAL\", \"message\": \"signal: BOGUS\"}}");
        on("POST /api/v1/processes/api/signal", 409, "{\"results\": [" + result("api", "api", "NOT_RUNNING", "api")
                + "], \"error\": {\"code\": \"NOT_RUNNING\", \"message\": \"api\"}}");
        CtlRun r = ctl("signal", "BOGUS", "web");
        assertEquals(1, r.exit());
        assertEquals("web: ERROR (bad signal name)\n  signal: BOGUS\n", r.out());
        r = ctl("signal", "HUP", "api");
        assertEquals(7, r.exit(), "supervisorctl: NOT_RUNNING is a dead-program fault for signal");
    }

    @Test
    void shuttingDownDaemon() {
        on("POST /api/v1/processes/web/start", 503, "{\"error\": {\"code\": \"SHUTDOWN_STATE\", \"message\": \"shutting down\"}}");
        CtlRun r = ctl("start", "web");
        assertEquals(1, r.exit());
        assertTrue(r.out().startsWith("web: ERROR (shutting down)\n"), r.out());
    }

    // ---- pid

    @Test
    void pidOfTheDaemonOfAProcessAndOfAll() {
        on("GET /api/v1/daemon", 200, "{\"version\": \"0.1.0\", \"pid\": 4000, \"start\": 1764081000, \"state\": \"RUNNING\","
                + " \"identifier\": \"supervisor\", \"config_files\": [\"/etc/supervisord-j/supervisord.conf\"]}");
        on("GET /api/v1/processes/web", 200, "{\"processes\": [" + info("web", "web", "RUNNING", 4242, "pid 4242, uptime 0:01:02") + "]}");
        on("GET /api/v1/processes/nope", 404, "{\"error\": {\"code\": \"BAD_NAME\", \"message\": \"nope\"}}");
        on("GET /api/v1/processes/workers:worker_1", 200, "{\"processes\": [" + info("workers", "worker_1", "STOPPED", 0, "Not started") + "]}");
        threeProcesses("STOPPED");
        assertEquals(new CtlRun(0, "4000\n", ""), ctl("pid"));
        assertEquals(new CtlRun(0, "4242\n", ""), ctl("pid", "web"));
        assertEquals(new CtlRun(0, "4242\n4243\n0\n", ""), ctl("pid", "all"));
        assertEquals(new CtlRun(1, "", "No such process nope\n"), ctl("pid", "nope"));
        assertEquals(new CtlRun(7, "0\n", ""), ctl("pid", "workers:worker_1"));
        assertEquals(4000L, ((Map<?, ?>) Json.parse(ctl("pid", "--json").out())).get("pid"));
    }

    // ---- tail

    private void log(String route, String text, long size) {
        routes.put(route, new Object[] {200, text.getBytes(StandardCharsets.UTF_8), Long.toString(size)});
    }

    @Test
    void tailPrintsTheLast1600Bytes() {
        log("GET /api/v1/processes/web/log", "line 1\nline 2\n", 14);
        CtlRun r = ctl("tail", "web");
        assertEquals(0, r.exit());
        assertEquals("line 1\nline 2\n", r.out());
        assertEquals("stream=stdout&offset=-1600", daemon.requests.get(0).query());
    }

    @Test
    void tailStderrAndSupervisorctlByteCount() {
        log("GET /api/v1/processes/web/log", "oops", 4);
        CtlRun r = ctl("tail", "-100", "web", "stderr");
        assertEquals("oops\n", r.out());
        assertEquals("stream=stderr&offset=-100", daemon.requests.get(0).query());
    }

    @Test
    void tailBadChannel() {
        CtlRun r = ctl("tail", "web", "stdin");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("Error: bad channel 'stdin'"), r.err());
    }

    @Test
    void tailOfUnknownProcess() {
        on("GET /api/v1/processes/nope/log", 404, "{\"error\": {\"code\": \"BAD_NAME\", \"message\": \"nope\"}}");
        CtlRun r = ctl("tail", "nope");
        assertEquals(1, r.exit());
        assertEquals("nope: ERROR (no such process name)\n", r.err());
    }

    @Test
    void tailJson() {
        log("GET /api/v1/processes/web/log", "a\"b\n", 9000);
        assertEquals("{\"bytes\":\"a\\\"b\\n\",\"size\":9000}\n", ctl("tail", "--json", "web").out());
    }

    @Test
    void tailLinesReadsMoreUntilItHasThem() {
        StringBuilder big = new StringBuilder();
        for (int i = 1; i <= 100; i++) big.append("line ").append(i).append('\n');
        log("GET /api/v1/processes/web/log", big.toString(), big.length());
        CtlRun r = ctl("tail", "-n", "3", "web");
        assertEquals("line 98\nline 99\nline 100\n", r.out());
    }

    @Test
    void lastLines() {
        assertEquals(2, TailCommand.startOfLastLines("ab\ncd\nef\n", 2) - 1);
        assertEquals("cd\nef", "ab\ncd\nef".substring(TailCommand.startOfLastLines("ab\ncd\nef", 2)));
        assertEquals(-1, TailCommand.startOfLastLines("partial\nline\n", 2), "the first line may be cut");
        assertEquals(9, TailCommand.startOfLastLines("ab\ncd\nef\n", 0));
    }

    @Test
    void tailFollowStreamsChunks() throws Exception {
        daemon.close();
        daemon = FakeDaemon.unix(dir.resolve("f.sock"), (req, r) -> {
            r.chunkedHead(200, "application/octet-stream", Map.of("X-Log-Size", "12"));
            r.chunk("hello ");
            r.chunk("wörld\n");
            r.end();
        });
        CtlRun r = ctl("tail", "-f", "web");
        assertEquals(0, r.exit());
        assertEquals("hello wörld\n", r.out());
        assertEquals("==> Press Ctrl-C to exit <==\n", r.err());
        assertEquals("stream=stdout&offset=-1600&follow=true", daemon.requests.get(0).query());
    }

    // ---- reread / update

    @Test
    void rereadPrintsChangesSortedByName() {
        on("POST /api/v1/reread", 200, "{\"added\": [\"api\"], \"changed\": [\"web\"], \"removed\": [\"old\"], \"warnings\": []}");
        CtlRun r = ctl("reread");
        assertEquals(new CtlRun(0, "api: available\nold: disappeared\nweb: changed\n", ""), r);
    }

    @Test
    void rereadWithoutChanges() {
        on("POST /api/v1/reread", 200, "{\"added\": [], \"changed\": [], \"removed\": [], \"warnings\": [\"a.conf:3: warn\"]}");
        assertEquals(new CtlRun(0, "No config updates to processes\n", "warning: a.conf:3: warn\n"), ctl("reread"));
    }

    @Test
    void rereadOfABrokenConfiguration() {
        on("POST /api/v1/reread", 400, "{\"error\": {\"code\": \"CANT_REREAD\", \"message\": \"2 errors\"},"
                + " \"errors\": [\"a.conf:3: [program:web] command: required\", \"a.conf:9: [program:x] startsecs: not an integer\"]}");
        CtlRun r = ctl("reread");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals("ERROR: CANT_REREAD: 2 errors\n  a.conf:3: [program:web] command: required\n"
                + "  a.conf:9: [program:x] startsecs: not an integer\nthe configuration was not changed\n", r.err());
    }

    @Test
    void updatePrintsLikeSupervisorctl() {
        on("POST /api/v1/update", 200, "{\"added\": [\"api\"], \"changed\": [\"web\"], \"removed\": [\"old\"], \"warnings\": []}");
        CtlRun r = ctl("update");
        assertEquals(new CtlRun(0, "old: stopped\nold: removed process group\nweb: stopped\nweb: updated process group\n"
                + "api: added process group\n", ""), r);
        assertEquals(0, ctl("update", "all").exit());
        assertEquals(2, ctl("update", "web").exit());
    }

    @Test
    void rollingUpdatePrintsEachRolledProcessAndFailsWhenARollStopped() {
        on("POST /api/v1/update", 200, "{\"added\": [], \"changed\": [\"web\"], \"removed\": [\"old\"], \"warnings\": [], "
                + "\"rolled\": [" + result("web", "web_0", "OK", "OK") + ", " + result("web", "web_1", "OK", "OK") + "]}");
        CtlRun ok = ctl("update", "--rolling");
        assertEquals("rolling=true", daemon.requests.get(0).query());
        assertEquals(new CtlRun(0, "old: stopped\nold: removed process group\nweb:web_0: updated\nweb:web_1: updated\n", ""), ok);

        on("POST /api/v1/update", 500, "{\"added\": [], \"changed\": [\"web\"], \"removed\": [], \"warnings\": [], "
                + "\"rolled\": [" + result("web", "web_0", "ABNORMAL_TERMINATION", "abnormal termination") + ", "
                + result("web", "web_1", "FAILED", "not updated: the rolling update stopped at web:web_0 (abnormal termination)")
                + "], \"error\": {\"code\": \"ABNORMAL_TERMINATION\", \"message\": \"web:web_0: abnormal termination\"}}");
        CtlRun failed = ctl("update", "--rolling");
        assertEquals(1, failed.exit(), failed.out());
        assertEquals("web:web_0: ERROR (abnormal termination)\nweb:web_1: ERROR (not updated: the rolling update stopped at"
                + " web:web_0 (abnormal termination))\n", failed.out());
        assertEquals("ERROR: web:web_0: abnormal termination\n", failed.err());
    }

    @Test
    void rereadAndUpdateJson() {
        String body = "{\"added\": [\"api\"], \"changed\": [], \"removed\": [], \"warnings\": []}";
        on("POST /api/v1/reread", 200, body);
        on("POST /api/v1/update", 200, body);
        assertEquals("{\"added\":[\"api\"],\"changed\":[],\"removed\":[],\"warnings\":[]}\n", ctl("reread", "--json").out());
        assertEquals("{\"added\":[\"api\"],\"changed\":[],\"removed\":[],\"warnings\":[]}\n", ctl("update", "--json").out());
    }

    // ---- avail / shutdown / version

    @Test
    void shutdown() {
        on("POST /api/v1/shutdown", 202, "{\"status\": \"shutting down\"}");
        assertEquals(new CtlRun(0, "Shut down\n", ""), ctl("shutdown"));
        on("POST /api/v1/shutdown", 503, "{\"error\": {\"code\": \"SHUTDOWN_STATE\", \"message\": \"already\"}}");
        assertEquals(new CtlRun(1, "ERROR: already shutting down\n", ""), ctl("shutdown"));
    }

    @Test
    void shutdownOfADaemonAlreadyGone() {
        String url = "unix://" + dir.resolve("gone.sock");
        assertEquals(new CtlRun(69, "", "ERROR: " + url + " no such file (already shut down?)\n"),
                CtlRun.run("-s", url, "shutdown"));
    }

    @Test
    void versionPrintsClientAndDaemon() {
        on("GET /api/v1/daemon", 200, "{\"version\": \"0.1.0\", \"pid\": 4000, \"start\": 1764081000, \"state\": \"RUNNING\","
                + " \"identifier\": \"supervisor\", \"config_files\": []}");
        CtlRun r = ctl("version");
        assertEquals(0, r.exit());
        assertEquals("ctl " + CtlVersion.current() + "\nsupervisord-j 0.1.0\n", r.out());
        Map<?, ?> json = (Map<?, ?>) Json.parse(ctl("version", "--json").out());
        assertEquals("0.1.0", ((Map<?, ?>) json.get("daemon")).get("version"));
    }

    @Test
    void versionWithoutDaemonStillExitsZero() {
        String url = "unix://" + dir.resolve("gone.sock");
        CtlRun r = CtlRun.run("-s", url, "version");
        assertEquals(new CtlRun(0, "ctl " + CtlVersion.current() + "\n", "daemon: " + url + " no such file\n"), r);
    }

    // ---- the daemon is not there

    @Test
    void unreachableDaemonIsOneLineAndExit69ForEveryVerb() {
        String url = "unix://" + dir.resolve("gone.sock");
        for (String[] verb : new String[][] {{"status"}, {"start", "web"}, {"stop", "web"}, {"restart", "web"},
                {"signal", "HUP", "web"}, {"tail", "web"}, {"pid"}, {"reread"}, {"update"}, {"avail"}}) {
            String[] args = new String[verb.length + 2];
            args[0] = "-s";
            args[1] = url;
            System.arraycopy(verb, 0, args, 2, verb.length);
            assertEquals(new CtlRun(69, "", url + " no such file\n"), CtlRun.run(args), String.join(" ", verb));
        }
    }

    @Test
    void serverOptionsWorkAfterTheVerbToo() {
        threeProcesses("RUNNING");
        assertEquals(0, CtlRun.run("status", "-s", daemon.url()).exit());
        assertEquals(0, CtlRun.run("-s", "unix:///nonexistent.sock", "status", "-s", daemon.url()).exit(),
                "the verb's own -s wins");
    }

    @Test
    void onlyTheVerbAskedForIsBuilt() {
        assertEquals("status", Ctl.verb(new String[] {"-s", "unix:///x", "-c", "f", "status", "web"}));
        assertEquals("tail", Ctl.verb(new String[] {"--serverurl=unix:///x", "tail", "-f", "web"}));
        assertEquals(null, Ctl.verb(new String[] {"-s", "unix:///x", "--help"}));
        assertEquals(null, Ctl.verb(new String[] {"statsu"}));
        CtlRun r = CtlRun.run("statsu");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Did you mean: ctl status"), r.err());
    }

    @Test
    void helpListsExitCodes() {
        CtlRun r = CtlRun.run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("69  the daemon cannot be reached"), r.out());
        for (String verb : List.of("status", "start", "stop", "restart", "signal", "tail", "pid", "reread", "update",
                "avail", "shutdown", "version")) {
            assertTrue(r.out().contains("  " + verb + " "), verb);
        }
    }

    @Test
    void helpVerbAndHelpOptionsOnEveryVerb() {
        CtlRun r = CtlRun.run("help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("  status "), r.out());
        r = CtlRun.run("help", "tail");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Usage: ctl tail"), r.out());
        for (String opt : List.of("-h", "-?", "--help")) {
            r = CtlRun.run("start", opt);
            assertEquals(0, r.exit(), opt + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: ctl start"), opt + ": " + r.out());
        }
        r = CtlRun.run("help", "nosuch");
        assertEquals("*** No help on nosuch\n", r.out());
    }

    @Test
    void aSupervisorctlVerbCtlLacksSaysSoRatherThanSuggestingAnother() {
        CtlRun r = CtlRun.run("open");
        assertEquals(2, r.exit());
        assertEquals("ctl: open is a supervisorctl command ctl does not support; 'ctl help' lists the verbs\n", r.err());
    }

    @Test
    void helpLinesFitEightyColumnsSoNoUrlIsWrapped() {
        CtlRun r = CtlRun.run("--help");
        List<String> lines = List.of(r.out().split("\n"));
        for (String footer : Ctl.FOOTER) {
            assertTrue(lines.contains(footer), "footer line not wrapped: " + footer + "\n" + r.out());
        }
        assertTrue(r.out().contains(" " + ServerChoice.DEFAULT_URL + "."), r.out());
        assertTrue(r.out().contains("or https://host:port"), "-s's URLs whole: " + r.out());
    }

    // ---- avail, clear, add, remove, maintail, reload

    @Test
    void availPrintsSupervisorctlsColumns() {
        on("GET /api/v1/config", 200, "{\"processes\": [{\"name\": \"extra\", \"group\": \"extra\", \"inuse\": false,"
                + " \"autostart\": false, \"group_prio\": 999, \"process_prio\": 999},"
                + " {\"name\": \"web_0\", \"group\": \"web\", \"inuse\": true, \"autostart\": true, \"group_prio\": 5,"
                + " \"process_prio\": 10}]}");
        CtlRun r = ctl("avail");
        assertEquals(0, r.exit(), r.err());
        assertEquals("extra                            avail     manual    999:999\n"
                + "web:web_0                        in use    auto      5:10\n", r.out());
    }

    @Test
    void clearPrintsClearedOrTheError() {
        on("POST /api/v1/processes/web/clear", 200, "{\"results\": [" + result("web", "web", "OK", "OK") + "]}");
        on("POST /api/v1/processes/nope/clear", 404, "{\"error\": {\"code\": \"BAD_NAME\", \"message\": \"BAD_NAME: nope\"}}");
        on("POST /api/v1/processes/all/clear", 200, "{\"results\": [" + result("web", "web", "OK", "OK") + ", "
                + result("api", "api", "FAILED", "FAILED: api") + "]}");
        CtlRun r = ctl("clear", "web", "nope");
        assertEquals(1, r.exit());
        assertEquals("web: cleared\nnope: ERROR (no such process)\n", r.out());
        r = ctl("clear", "all");
        assertEquals("web: cleared\napi: ERROR (failed)\n", r.out());
        assertEquals(1, r.exit());
    }

    @Test
    void addAndRemoveInSupervisorctlsWords() {
        on("POST /api/v1/groups/extra/add", 200, "{\"status\": \"added\"}");
        on("POST /api/v1/groups/web/add", 409, "{\"error\": {\"code\": \"ALREADY_ADDED\", \"message\": \"ALREADY_ADDED: web\"}}");
        on("POST /api/v1/groups/nope/add", 404, "{\"error\": {\"code\": \"BAD_NAME\", \"message\": \"BAD_NAME: nope\"}}");
        CtlRun r = ctl("add", "extra", "web");
        assertEquals(0, r.exit(), "already active is not an error to supervisorctl");
        assertEquals("extra: added process group\nERROR: process group already active\n", r.out());
        r = ctl("add", "nope");
        assertEquals(1, r.exit());
        assertEquals("ERROR: no such process/group: nope\n", r.out());

        on("POST /api/v1/groups/extra/remove", 200, "{\"status\": \"removed\"}");
        on("POST /api/v1/groups/web/remove", 409, "{\"error\": {\"code\": \"STILL_RUNNING\", \"message\": \"STILL_RUNNING: web\"}}");
        r = ctl("remove", "extra", "web");
        assertEquals(1, r.exit());
        assertEquals("extra: removed process group\nERROR: process/group still running: web\n", r.out());
    }

    @Test
    void maintailPrintsTheDaemonLog() {
        routes.put("GET /api/v1/daemon/log", new Object[] {200, "2026-12-03 07:00:00,000 INFO supervisord-j started\n".getBytes(StandardCharsets.UTF_8), "52"});
        CtlRun r = ctl("maintail", "-200");
        assertEquals(0, r.exit(), r.err());
        assertEquals("2026-12-03 07:00:00,000 INFO supervisord-j started\n", r.out());
        assertEquals("offset=-200", daemon.requests.get(0).query());
        on("GET /api/v1/daemon/log", 404, "{\"error\": {\"code\": \"NO_FILE\", \"message\": \"no log\"}}");
        r = ctl("maintail");
        assertEquals(1, r.exit());
        assertEquals("supervisord: ERROR (no log file)\n", r.out());
    }

    @Test
    void reloadSaysRestartedOrThatTheDaemonCannot() {
        on("POST /api/v1/restart", 200, "{\"status\": \"restarting\"}");
        CtlRun r = ctl("reload");
        assertEquals(0, r.exit(), r.err());
        assertEquals("Restarted supervisord\n", r.out());
        routes.clear();
        r = ctl("reload");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("ERROR: this daemon cannot restart in place"), r.err());
    }

    // ---- the interactive shell

    private CtlRun shell(String input) {
        return shell(input, "-s", daemon.url());
    }

    private CtlRun shell(String input, String... topArgs) {
        Ctl top = new Ctl(new java.util.HashMap<>(), Style.PLAIN);
        top.in = new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        top.topArgs = topArgs;
        picocli.CommandLine cmd = Ctl.commandLine(top, top.topArgs);
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        cmd.setOut(new java.io.PrintWriter(out, true));
        cmd.setErr(new java.io.PrintWriter(err, true));
        int exit = cmd.execute(top.topArgs);
        return new CtlRun(exit, out.toString(), err.toString());
    }

    @Test
    void shellRunsStatusThenEachLineWithSupervisorctlsPromptAndHelp() {
        threeProcesses("RUNNING");
        on("POST /api/v1/processes/web/stop", 200, "{\"results\": [" + result("web", "web", "OK", "OK") + "]}");
        String status = ctl("status").out();
        CtlRun r = shell("stop web\n\nfoo bar\nhelp\nhelp help\nhelp nosuch\nquit\nstatus\n");
        assertEquals(0, r.exit(), "supervisorctl's shell always exits 0: " + r.err());
        assertEquals(status + "supervisor> web: stopped\n"
                + "supervisor> supervisor> *** Unknown syntax: foo bar\n"
                + "supervisor> \ndefault commands (type help <topic>):\n=====================================\n"
                + "add    clear  fg        pid   reload  reread   shutdown  start   stop  update \n"
                + "avail  exit   maintail  quit  remove  restart  signal    status  tail  version\n\n"
                + "supervisor> help\t\tPrint a list of available actions\nhelp <action>\tPrint help for <action>\n"
                + "supervisor> *** No help on nosuch\nsupervisor> \n", r.out(), "quit ends the shell; status after it never runs");
    }

    @Test
    void shellHelpColumnsAreCmdColumnize() {
        assertEquals(List.of("add    clear  fg        pid   reload  reread   shutdown  start   stop  update ",
                "avail  exit   maintail  quit  remove  restart  signal    status  tail  version"),
                Shell.columnize(Shell.VOCABULARY, 79), "Python's cmd.columnize of the same words");
        assertEquals(List.of("add    exit      quit    reread    signal  stop    version",
                "avail  maintail  reload  restart   start   tail  ",
                "clear  pid       remove  shutdown  status  update"), Shell.columnize(List.of("add", "avail", "clear", "exit",
                "maintail", "pid", "quit", "reload", "remove", "reread", "restart", "shutdown", "signal", "start", "status",
                "stop", "tail", "update", "version"), 79));
    }

    @Test
    void shellEndsAtEndOfInputWithANewLine() {
        threeProcesses("RUNNING");
        CtlRun r = shell("");
        assertEquals(0, r.exit());
        assertTrue(r.out().endsWith("supervisor> \n"), r.out());
    }

    @Test
    void completionOfVerbsAndNamespecsAsSupervisorctls() {
        Completion c = new Completion(() -> List.of(Map.of("group", "web", "name", "web"),
                Map.of("group", "workers", "name", "worker_0"), Map.of("group", "workers", "name", "worker_1")));
        assertEquals(List.of("reload", "remove", "reread", "restart"), c.candidates(List.of(), "re"));
        assertEquals(List.of("start", "status", "stop"), c.candidates(List.of("help"), "st"));
        assertEquals(List.of("web", "workers:worker_0", "workers:*", "workers:worker_1", "all"), c.candidates(List.of("stop"), ""));
        assertEquals(List.of("workers:worker_0", "workers:*", "workers:worker_1"), c.candidates(List.of("tail"), "wo"));
        assertEquals(List.of("web", "workers"), c.candidates(List.of("remove"), ""));
    }

    @Test
    void fgSendsEachLineToStdinAndShowsTheLogs() {
        on("GET /api/v1/processes/web", 200, "{\"processes\": [" + info("web", "web", "RUNNING", 4242, "pid 4242") + "]}");
        routes.put("GET /api/v1/processes/web/log", new Object[] {200, new byte[0], "0"});
        on("POST /api/v1/processes/web/stdin", 200, "{\"results\": [" + result("web", "web", "OK", "OK") + "]}");
        Ctl top = new Ctl(new java.util.HashMap<>(), Style.PLAIN);
        top.in = new java.io.ByteArrayInputStream("hello\nsecond\n".getBytes(StandardCharsets.UTF_8));
        String[] argv = {"-s", daemon.url(), "fg", "web"};
        picocli.CommandLine cmd = Ctl.commandLine(top, argv);
        java.io.StringWriter out = new java.io.StringWriter();
        cmd.setOut(new java.io.PrintWriter(out, true));
        assertEquals(0, cmd.execute(argv));
        assertEquals("==> Press Ctrl-C to exit <==\nExiting foreground\n", out.toString());
        List<String> sent = daemon.requests.stream().filter(q -> q.path().endsWith("/stdin")).map(q -> q.body()).toList();
        assertEquals(List.of("{\"chars\":\"hello\\n\"}", "{\"chars\":\"second\\n\"}"), sent);
    }

    @Test
    void fgRefusesWhatSupervisorctlRefuses() {
        on("GET /api/v1/processes/idle", 200, "{\"processes\": [" + info("idle", "idle", "STOPPED", 0, "Not started") + "]}");
        on("GET /api/v1/processes/nope", 404, "{\"error\": {\"code\": \"BAD_NAME\", \"message\": \"nope\"}}");
        assertEquals(new CtlRun(1, "ERROR: process not running\n", ""), ctl("fg", "idle"));
        assertEquals(new CtlRun(1, "ERROR: bad process name supplied\n", ""), ctl("fg", "nope"));
        assertEquals("ERROR: too many process names supplied\n", ctl("fg", "a", "b").out());
    }

    @Test
    void shellAsksBeforeReloadAsSupervisorctl() {
        threeProcesses("RUNNING");
        on("POST /api/v1/restart", 200, "{\"added\": [], \"changed\": [\"web\"], \"removed\": []}");
        CtlRun r = shell("reload\nn\nreload\ny\n");
        String status = ctl("status").out();
        assertEquals(status + "supervisor> Really restart the remote supervisord process y/N? "
                + "supervisor> Really restart the remote supervisord process y/N? Restarted supervisord\nsupervisor> \n", r.out());
        assertEquals(1, daemon.requests.stream().filter(q -> q.path().equals("/api/v1/restart")).count(), "only the yes restarts");
    }

    @Test
    void shellPromptsWithTheConfigFilesPromptAsSupervisorctl(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        threeProcesses("RUNNING");
        java.nio.file.Path conf = tmp.resolve("supervisord.conf");
        java.nio.file.Files.writeString(conf, "[supervisorctl]\nserverurl = " + daemon.url() + "\nprompt = web-1\n");
        String status = ctl("status").out();
        CtlRun r = shell("pid\n", "-c", conf.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith(status + "web-1> "), r.out());
        assertTrue(r.out().endsWith("web-1> \n"), r.out());
    }

    @Test
    void terminalHistoryIsReadFromAndWrittenToTheHistoryFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path file = tmp.resolve("ctl.history");
        List<String> typed = new java.util.ArrayList<>();
        try (TerminalLines lines = dumbTerminal("status\nstop web\n", file)) {
            for (String line; (line = lines.readLine("supervisor> ")) != null; ) typed.add(line);
        }
        assertEquals(List.of("status", "stop web"), typed);
        assertEquals("status\nstop web\n", java.nio.file.Files.readString(file), "readline's format: a line per entry");
        try (TerminalLines lines = dumbTerminal("start web\n", file)) {
            assertEquals(List.of("status", "stop web"), lines.history(), "the next session starts with it");
            assertEquals("start web", lines.readLine("supervisor> "));
        }
        assertEquals("status\nstop web\nstart web\n", java.nio.file.Files.readString(file));
        try (TerminalLines lines = dumbTerminal("status\n", null)) {
            lines.readLine("supervisor> ");
            assertEquals(List.of("status"), lines.history(), "without a file: this session's lines only");
        }
    }

    private static TerminalLines dumbTerminal(String input, java.nio.file.Path history) throws java.io.IOException {
        // JLine's own dumb terminal reads the stream in the caller's thread (the builder's external one races EOF).
        org.jline.terminal.Terminal t = new org.jline.terminal.impl.DumbTerminal("test", "dumb",
                new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new java.io.ByteArrayOutputStream(),
                StandardCharsets.UTF_8);
        return TerminalLines.open(t, new Completion(List::of), history);
    }
}
