package org.supervisordj.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supervisordj.config.LogLevel;
import org.supervisordj.posix.WaitStatus;

/** supervisord's state machine walked with explicit times: no clock, no children. */
class TransitionsTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    private ManagedProcess process(String options) {
        ManagedProcess p = new ManagedProcess(TestConfigs.program(dir, "web", "command=/bin/true\n" + options));
        p.setGoal(Goal.UP);
        return p;
    }

    @Test
    void backoffBecomesFatalAfterStartRetriesAtZeroOneThreeSixSeconds() {
        ManagedProcess p = process("startretries=3");
        List<Long> attempts = new ArrayList<>();
        long now = 0;
        Transitions.beginSpawn(p, now);
        attempts.add(now);
        assertEquals("spawnerr: can't find command 'x'", Transitions.spawnFailed(p, "can't find command 'x'", now).message());
        for (long t : new long[] {S / 2, S, 2 * S, 3 * S, 5 * S, 6 * S}) {
            Step step = Transitions.onTick(p, t);
            if (step.action() == Step.Action.SPAWN) {
                Transitions.beginSpawn(p, t);
                attempts.add(t);
                Transitions.spawnFailed(p, "can't find command 'x'", t);
            } else {
                assertEquals(Step.Action.WAIT, step.action(), "at " + t);
            }
        }
        assertEquals(List.of(0L, S, 3 * S, 6 * S), attempts, "supervisord waits 1, 2, then 3 s");
        assertEquals(Step.Action.GIVE_UP, Transitions.onTick(p, 6 * S).action());
        assertEquals("gave up: web entered FATAL state, too many start retries too quickly", Transitions.giveUp(p).message());
        assertEquals(ProcessState.FATAL, p.state());
        assertEquals(Step.Action.IDLE, Transitions.onTick(p, 100 * S).action());
    }

    @Test
    void whenChildStaysUpForStartSecsThenRunning() {
        ManagedProcess p = process("startsecs=2");
        Transitions.beginSpawn(p, 10 * S);
        assertEquals(Step.waitUntil(12 * S), Transitions.onTick(p, 11 * S));
        assertEquals(Step.Action.BECOME_RUNNING, Transitions.onTick(p, 12 * S).action());
        assertEquals("success: web entered RUNNING state, process has stayed up for > than 2 seconds (startsecs)",
                Transitions.becomeRunning(p).message());
        assertEquals(ProcessState.RUNNING, p.state());
    }

    @Test
    void whenChildExitsBeforeStartSecsThenBackoffWithTooQuickly() {
        ManagedProcess p = process("startsecs=1");
        Transitions.beginSpawn(p, 0);
        Outcome o = Transitions.childExited(p, new WaitStatus.Exited(1), S / 2);
        assertEquals(new Outcome(LogLevel.WARN, "exited: web (exit status 1; not expected)"), o);
        assertEquals(ProcessState.BACKOFF, p.state());
        assertEquals(Transitions.TOO_QUICKLY, p.spawnerr);
        assertEquals(S / 2 + S, p.deadline, "first retry after 1 s");
    }

    @Test
    void whenExpectedExitWithAutorestartUnexpectedThenExitedStays() {
        ManagedProcess p = running("autorestart=unexpected\nexitcodes=0,2");
        Outcome o = Transitions.childExited(p, new WaitStatus.Exited(2), 5 * S);
        assertEquals(new Outcome(LogLevel.INFO, "exited: web (exit status 2; expected)"), o);
        assertEquals(ProcessState.EXITED, p.state());
        assertEquals(Step.Action.IDLE, Transitions.onTick(p, 6 * S).action());
    }

    @Test
    void whenUnexpectedExitOrSignalDeathThenRestartAtOnce() {
        ManagedProcess p = running("autorestart=unexpected\nexitcodes=0");
        Outcome o = Transitions.childExited(p, new WaitStatus.Killed(9, false), 100 * S);
        assertEquals("exited: web (terminated by SIGKILL; not expected)", o.message());
        assertEquals("Bad exit code -1", p.spawnerr);
        assertEquals(Step.Action.SPAWN, Transitions.onTick(p, 100 * S).action(), "first crash restarts at once");
    }

    @Test
    void whenAutorestartFalseThenNeverRestarted() {
        ManagedProcess p = running("autorestart=false");
        Transitions.childExited(p, new WaitStatus.Exited(1), 5 * S);
        assertFalse(p.restartPending);
        assertEquals(Step.Action.IDLE, Transitions.onTick(p, 50 * S).action());
    }

    @Test
    void whenRunningProgramKeepsCrashingThenRestartsBackOffExponentiallyAndReset() {
        ManagedProcess p = running("autorestart=true\nstartsecs=0\nrestart_backoff_initial_secs=1\n"
                + "restart_backoff_max_secs=8\nrestart_backoff_reset_secs=60");
        List<Long> delays = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 7; i++) {
            now += S; // each run lasts 1 s: a quick crash
            Transitions.childExited(p, new WaitStatus.Exited(1), now);
            delays.add((p.deadline - now) / S);
            now = p.deadline;
            assertEquals(Step.Action.SPAWN, Transitions.onTick(p, now).action());
            Transitions.beginSpawn(p, now);
            Transitions.becomeRunning(p);
        }
        assertEquals(List.of(0L, 1L, 2L, 4L, 8L, 8L, 8L), delays);
        now += 61 * S; // stayed up past restart_backoff_reset_secs
        Transitions.childExited(p, new WaitStatus.Exited(1), now);
        assertEquals(now, p.deadline, "the count starts again after a long run");
    }

    @Test
    void whenStopRequestedThenStoppingAndSigkillAfterStopwaitsecs() {
        ManagedProcess p = running("stopwaitsecs=3");
        assertEquals(Transitions.StopDecision.SIGNAL, Transitions.stop(p, 10 * S));
        assertEquals(ProcessState.STOPPING, p.state());
        assertEquals(Step.waitUntil(13 * S), Transitions.onTick(p, 12 * S));
        assertEquals(Step.Action.KILL, Transitions.onTick(p, 13 * S).action());
        Transitions.killed(p, 13 * S);
        Outcome o = Transitions.childExited(p, new WaitStatus.Killed(9, false), 13 * S + 1000);
        assertEquals(new Outcome(LogLevel.WARN, "stopped: web (terminated by SIGKILL)"), o);
        assertEquals(ProcessState.STOPPED, p.state());
        assertFalse(p.restartPending, "a requested stop never autorestarts");
    }

    @Test
    void whenStopRequestedInBackoffThenStoppedDirectly() {
        ManagedProcess p = process("");
        Transitions.beginSpawn(p, 0);
        Transitions.spawnFailed(p, "can't find command 'x'", 0);
        assertEquals(Transitions.StopDecision.STOPPED, Transitions.stop(p, S / 2));
        assertEquals(ProcessState.STOPPED, p.state());
        assertEquals(Transitions.StopDecision.NOT_RUNNING, Transitions.stop(p, S));
    }

    @Test
    void illegalEdgesAreRejected() {
        ManagedProcess p = process("");
        assertThrows(IllegalStateException.class, () -> p.moveTo(ProcessState.RUNNING));
        p.moveTo(ProcessState.UNKNOWN); // any state may go to UNKNOWN
        assertTrue(p.state() == ProcessState.UNKNOWN);
    }

    @Test
    void uptimeIsFormattedLikePythonTimedelta() {
        assertEquals("0:01:02", ProcessInfo.uptime(62));
        assertEquals("1 day, 2:03:04", ProcessInfo.uptime(86400 + 7384));
    }

    @Test
    void startIsRefusedWhileAChildIsAliveAndResetsTheRetriesOtherwise() {
        ManagedProcess p = running("");
        assertEquals(Fault.ALREADY_STARTED, Transitions.start(p).fault());
        Transitions.stop(p, 0);
        assertEquals(new Transitions.StartRefusal(Fault.STILL_RUNNING, "still stopping"), Transitions.start(p));
        Transitions.childExited(p, new WaitStatus.Exited(0), S);
        p.backoff = 2;
        p.quickCrashes = 3;
        assertEquals(null, Transitions.start(p));
        assertEquals(Goal.UP, p.goal());
        assertEquals(0, p.backoff);
        assertEquals(0, p.quickCrashes);
    }

    @Test
    void anUnknownProcessWithALiveChildIsStoppedThenKilledThenNoLongerHoldsAStopBack() {
        ManagedProcess p = running("stopwaitsecs=2");
        p.moveTo(ProcessState.UNKNOWN); // e.g. ticking it threw
        assertEquals(Step.Action.IDLE, Transitions.onTick(p, 10 * S).action(), "goal UP: left alone");
        assertTrue(Transitions.holdsStopBack(p));

        assertEquals(Transitions.StopDecision.SIGNAL, Transitions.stop(p, 10 * S));
        assertEquals(ProcessState.STOPPING, p.state());
        p.moveTo(ProcessState.UNKNOWN); // the stop signal failed (not ESRCH)
        assertEquals(Step.waitUntil(12 * S), Transitions.onTick(p, 11 * S), "SIGKILL still due at the deadline");
        assertEquals(Step.Action.KILL, Transitions.onTick(p, 12 * S).action());
        Transitions.killed(p, 12 * S); // SIGKILL failed too: nothing left to try
        assertFalse(Transitions.holdsStopBack(p));
        assertEquals(Step.Action.IDLE, Transitions.onTick(p, 100 * S).action());

        Transitions.childExited(p, new WaitStatus.Killed(9, false), 101 * S);
        assertEquals(ProcessState.STOPPED, p.state());
        assertFalse(Transitions.holdsStopBack(p));
    }

    @Test
    void anUnknownProcessWithoutAChildIsNotRunning() {
        ManagedProcess p = process("");
        p.moveTo(ProcessState.UNKNOWN);
        assertEquals(Transitions.StopDecision.NOT_RUNNING, Transitions.stop(p, 0));
        assertFalse(Transitions.holdsStopBack(p));
    }

    @Test
    void leftoversOfAKillasgroupLeaderGetSigtermUnlessStopasgroupAlreadySentTheStopToAll() {
        assertTrue(Transitions.leftoversToTerminate(process("killasgroup=true").config(), false));
        assertTrue(Transitions.leftoversToTerminate(process("killasgroup=true").config(), true));
        assertTrue(Transitions.leftoversToTerminate(process("stopasgroup=true").config(), false), "a crash");
        assertFalse(Transitions.leftoversToTerminate(process("stopasgroup=true").config(), true));
        assertFalse(Transitions.leftoversToTerminate(process("").config(), false));
    }

    @Test
    void aDelayedCrashRestartIsSaidWithItsSecondsRoundedUp() {
        ManagedProcess p = running("autorestart=true\nrestart_backoff_initial_secs=4\nrestart_backoff_reset_secs=60");
        Transitions.childExited(p, new WaitStatus.Exited(1), S / 2); // first crash: restarted at once
        assertEquals(null, Transitions.restartDelay(p, S / 2));
        Transitions.beginSpawn(p, S);
        p.pid = 4243;
        Transitions.becomeRunning(p);
        Transitions.childExited(p, new WaitStatus.Exited(1), 2 * S); // again within 60 s: waits 4 s
        assertEquals(new Outcome(LogLevel.INFO, "delaying restart of web by 4 s: it exited 2 times in a row within 60 s"
                + " of starting (restart_backoff)"), Transitions.restartDelay(p, 2 * S));
    }

    private ManagedProcess running(String options) {
        ManagedProcess p = process(options);
        Transitions.beginSpawn(p, 0);
        p.pid = 4242;
        Transitions.becomeRunning(p);
        return p;
    }
}
