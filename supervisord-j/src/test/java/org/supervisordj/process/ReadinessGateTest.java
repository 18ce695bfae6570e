package org.supervisordj.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supervisordj.posix.WaitStatus;

/** The readiness gate of ready= walked with explicit times: no clock, no children, no probes. */
class ReadinessGateTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    private ManagedProcess process(String options) {
        ManagedProcess p = new ManagedProcess(TestConfigs.program(dir, "db", "command=/bin/true\n" + options));
        p.setGoal(Goal.UP);
        return p;
    }

    @Test
    void runningWhenReadyNotAfterStartsecs() {
        ManagedProcess p = process("ready=tcp:127.0.0.1:5432\nready_timeout=30\nstartsecs=1\n");
        Transitions.beginSpawn(p, 0);
        assertEquals(Step.waitUntil(30 * S), Transitions.onTick(p, 5 * S), "startsecs passed, still not ready");
        p.health.ready = true;
        assertEquals(Step.Action.BECOME_RUNNING, Transitions.onTick(p, 6 * S).action());
        assertEquals("success: db entered RUNNING state, process is ready (ready=tcp:127.0.0.1:5432)",
                Transitions.becomeRunning(p).message());
    }

    @Test
    void notReadyInTimeIsAFailedStartAfterTheChildIsStopped() {
        ManagedProcess p = process("ready=http://127.0.0.1:8001/health\nready_timeout=10\nstopwaitsecs=3\n");
        Transitions.beginSpawn(p, 0);
        p.health.lastResult = "connection refused";
        assertEquals(Step.Action.NOT_READY, Transitions.onTick(p, 10 * S).action());
        assertEquals("not ready: db not ready within 10 s (ready=http://127.0.0.1:8001/health, last: connection refused);"
                + " stopping it", Transitions.notReady(p, 10 * S).message());
        assertEquals(Step.waitUntil(13 * S), Transitions.onTick(p, 11 * S), "stopwaitsecs before SIGKILL");
        assertEquals(Step.Action.KILL, Transitions.onTick(p, 13 * S).action());
        p.pid = 42;
        Transitions.childExited(p, new WaitStatus.Killed(15, false), 14 * S);
        assertEquals(ProcessState.BACKOFF, p.state());
        assertEquals("not ready within 10 s (ready=http://127.0.0.1:8001/health, last: connection refused)", p.spawnerr);
    }

    @Test
    void anExitBeforeReadyIsAFailedStartWhateverStartsecsSays() {
        ManagedProcess p = process("ready=notify\nstartsecs=0\n");
        Transitions.beginSpawn(p, 0);
        p.pid = 42;
        Transitions.childExited(p, new WaitStatus.Exited(0), 5 * S);
        assertEquals(ProcessState.BACKOFF, p.state());
        assertEquals("exited before it was ready (ready=notify)", p.spawnerr);
    }
}
