package org.supervisordj.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.supervisordj.posix.ProcessSignals;

/** Exits, restarts, backoff and FATAL with real children. */
class EngineRestartTest extends EngineTestBase {

    @Test
    void whenRunningChildIsKilledThenRestartedWithoutDelay() throws Exception {
        boot("[program:web]\ncommand=sleep 1000\nstartsecs=0\nautorestart=true\nstdout_logfile=NONE\nredirect_stderr=true\n");
        int pid = awaitState("web", ProcessState.RUNNING, LONG).pid();
        java.util.concurrent.atomic.AtomicLong respawnedAt = new java.util.concurrent.atomic.AtomicLong();
        engine.addListener((info, from) -> { // on the engine thread, right when the new child is RUNNING
            if (info.state() == ProcessState.RUNNING && info.pid() != pid) respawnedAt.compareAndSet(0, System.nanoTime());
        });
        long t0 = System.nanoTime();
        ProcessSignals.kill(pid, 9);
        ProcessInfo after = await("web", p -> p.pid() != 0 && p.pid() != pid, LONG, "a new pid");
        long micros = TimeUnit.NANOSECONDS.toMicros(respawnedAt.get() - t0);
        System.out.printf("restart latency kill -> new pid: %.2f ms%n", micros / 1000.0);
        // How fast is bench/'s question; here: restarted by the exit itself, no backoff and no tick.
        assertEquals(1, after.restartCount());
        awaitLog("exited: web (terminated by SIGKILL; not expected)");
        assertEquals(0, count("delaying restart of web"), String.join("\n", lines("")));
    }

    @Test
    void whenChildExitsBeforeStartSecsThenBackoffThenFatalAfterStartRetries() throws Exception {
        // startsecs is a bound on how fast sh exits: generous, it costs nothing as sh exits at once.
        boot("[program:flaky]\ncommand=sh -c 'exit 3'\nstartsecs=10\nstartretries=2\nstdout_logfile=NONE\n");
        awaitState("flaky", ProcessState.BACKOFF, LONG);
        ProcessInfo fatal = awaitState("flaky", ProcessState.FATAL, LONG);
        assertEquals(3, count("spawned: 'flaky'"), "startretries + 1 attempts");
        assertEquals(3, count("exited: flaky (exit status 3; not expected)"));
        assertEquals(1, count("gave up: flaky entered FATAL state, too many start retries too quickly"));
        assertEquals("Exited too quickly (process log may have details)", fatal.spawnerr());
        assertEquals(fatal.spawnerr(), fatal.description());
    }

    @Test
    void whenCommandIsMissingThenSpawnerrNamesItAndFatal() throws Exception {
        boot("[program:ghost]\ncommand=/x/y\nstartretries=0\n");
        ProcessInfo p = awaitState("ghost", ProcessState.FATAL, LONG);
        assertEquals("can't find command '/x/y'", p.spawnerr());
        awaitLog("INFO spawnerr: can't find command '/x/y'");
        List<ProcessResult> r = result(engine.start("ghost", true));
        assertEquals(Fault.SPAWN_ERROR, r.get(0).fault());
    }

    @Test
    void whenExitIsExpectedThenExitedStaysElseRestarted() throws Exception {
        boot("[program:ok]\ncommand=sh -c 'sleep 0.2; exit 2'\nstartsecs=0\nautorestart=unexpected\nexitcodes=0,2\n"
                + "stdout_logfile=NONE\n"
                + "[program:bad]\ncommand=sh -c 'sleep 0.2; exit 1'\nstartsecs=0\nautorestart=unexpected\nexitcodes=0,2\n"
                + "stdout_logfile=NONE\n");
        awaitLog("exited: ok (exit status 2; expected)");
        await("bad", p -> p.restartCount() >= 2, LONG, "two restarts");
        ProcessInfo ok = info("ok");
        assertEquals(ProcessState.EXITED, ok.state());
        assertEquals(1, count("spawned: 'ok'"));
        assertNull(ok.nextRetryEpochMillis());
        assertTrue(count("exited: bad (exit status 1; not expected)") >= 2);
    }

    @Test
    void whenAutorestartFalseThenNotRestarted() throws Exception {
        boot("[program:once]\ncommand=sh -c 'exit 1'\nstartsecs=0\nautorestart=false\nstdout_logfile=NONE\n");
        ProcessInfo p = awaitState("once", ProcessState.EXITED, LONG);
        assertEquals(1, p.exitstatus());
        assertEquals("Bad exit code 1", p.spawnerr());
        // Anything would have been restarted within milliseconds; a start request restarts it.
        List<ProcessResult> r = result(engine.start("once", false));
        assertEquals(Fault.SUCCESS, r.get(0).fault());
        awaitTrue(LONG, "second exit", () -> count("exited: once") == 2);
        assertEquals(2, count("spawned: 'once'"));
    }

    @Test
    void whenRunningProgramKeepsCrashingThenRestartsAreSpacedOut() throws Exception {
        long t0 = System.nanoTime();
        boot("[program:crashy]\ncommand=sh -c 'exit 1'\nstartsecs=0\nautorestart=true\nstdout_logfile=NONE\n"
                + "restart_backoff_initial_secs=1\nrestart_backoff_max_secs=4\nrestart_backoff_reset_secs=60\n");
        ProcessInfo waiting = await("crashy", p -> p.restartCount() >= 2 && p.nextRetryEpochMillis() != null,
                LONG, "a scheduled restart after two restarts");
        assertEquals(ProcessState.EXITED, waiting.state());
        assertTrue(waiting.description().contains("restart " + (waiting.restartCount() + 1) + " at"), waiting.description());
        await("crashy", p -> p.restartCount() >= 3, LONG, "three restarts");
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("crash loop: 3 restarts took %.2f s (delays 0, 1, 2 s)%n", secs);
        assertTrue(secs >= 2.5, "restarts were not spaced out: " + secs + " s");
        assertTrue(count("delaying restart of crashy by") >= 2);
    }

    @Test
    void thousandCrashRestartsLeaveNoZombieAndNoFdLeak() throws Exception {
        boot("[program:crash]\ncommand=/bin/false\nstartsecs=0\nautorestart=true\nrestart_backoff_max_secs=0\n"
                + "stdout_logfile=NONE\n");
        await("crash", p -> p.restartCount() >= 10, LONG, "first restarts");
        int fdsBefore = ProcFs.fds(ProcFs.self()).size();
        long t0 = System.nanoTime();
        await("crash", p -> p.restartCount() >= 1000, Duration.ofSeconds(180), "1000 restarts");
        double secs = (System.nanoTime() - t0) / 1e9;
        result(engine.stop("crash", true));
        awaitTrue(LONG, "pipes closed", () -> ProcFs.fds(ProcFs.self()).size() <= fdsBefore + 3);
        int fdsAfter = ProcFs.fds(ProcFs.self()).size();
        System.out.printf("1000 crash restarts in %.2f s; daemon fds before %d, after %d%n", secs, fdsBefore, fdsAfter);
        awaitTrue(LONG, "no zombies: " + ProcFs.zombies(), () -> ProcFs.zombies().isEmpty());
        assertNotEquals(ProcessState.RUNNING, info("crash").state());
    }

    @Test
    void startWithWaitCompletesWhenRunningAndStopWithWaitWhenStopped() throws Exception {
        boot("[program:web]\ncommand=sleep 1000\nstartsecs=1\nautostart=false\nstdout_logfile=NONE\n");
        assertEquals("Not started", awaitState("web", ProcessState.STOPPED, LONG).description());
        long t0 = System.nanoTime();
        List<ProcessResult> started = result(engine.start("web", true));
        assertEquals(Fault.SUCCESS, started.get(0).fault());
        assertTrue(System.nanoTime() - t0 >= 900_000_000L, "start waits for startsecs");
        assertEquals(ProcessState.RUNNING, info("web").state());
        assertTrue(info("web").description().matches("pid " + info("web").pid() + ", uptime 0:\\d\\d:\\d\\d"),
                info("web").description());
        assertEquals(Fault.ALREADY_STARTED, result(engine.start("web", false)).get(0).fault());
        assertEquals(Fault.BAD_NAME, result(engine.start("nope", false)).get(0).fault());
        assertEquals(Fault.BAD_SIGNAL, result(engine.signal("web", "BOGUS")).get(0).fault());
        assertEquals(Fault.SUCCESS, result(engine.stop("web", true)).get(0).fault());
        assertEquals(ProcessState.STOPPED, info("web").state());
        assertNotNull(info("web").description());
        assertEquals(Fault.NOT_RUNNING, result(engine.stop("all", false)).get(0).fault());
        awaitLog("stopped: web (terminated by SIGTERM)");
    }
}
