package org.supervisordj.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.supervisordj.posix.Proc;

/** Thread count against the number of programs, and configuration reload. */
@org.junit.jupiter.api.Tag("own-jvm") // counts threads: see the surefire configuration
class EngineScaleAndReloadTest extends EngineTestBase {

    @Test
    void threadCountDoesNotGrowWithTheNumberOfPrograms() throws Exception {
        boot(programs(2));
        awaitAllRunning(2);
        int withTwo = ManagementFactory.getThreadMXBean().getThreadCount();
        result(engine.shutdown());
        awaitTrue(LONG, "old supervisor thread gone", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("supervisor")));

        long t0 = System.nanoTime();
        boot(programs(200));
        awaitAllRunning(200);
        double bootSecs = (System.nanoTime() - t0) / 1e9;
        int withTwoHundred = ManagementFactory.getThreadMXBean().getThreadCount();
        System.out.printf("threads with 2 programs: %d, with 200: %d (200 started in %.2f s)%n",
                withTwo, withTwoHundred, bootSecs);
        assertTrue(withTwoHundred <= withTwo + 2, withTwo + " vs " + withTwoHundred);
        long t1 = System.nanoTime();
        engine.shutdown().get(60, TimeUnit.SECONDS);
        System.out.printf("200 programs stopped in %.2f s%n", (System.nanoTime() - t1) / 1e9);
        awaitTrue(LONG, "no child left (at first look: " + ProcFs.children(ProcFs.self()) + ")",
                () -> ProcFs.children(ProcFs.self()).isEmpty());
    }

    @Test
    void reloadKeepsUnchangedRestartsChangedStartsAddedAndStopsRemoved() throws Exception {
        String a = "[program:a]\ncommand=sleep 1000\nstartsecs=0\nstdout_logfile=NONE\n";
        String b = "[program:b]\ncommand=sleep 1000\nstartsecs=0\nstdout_logfile=NONE\n";
        String c = "[program:c]\ncommand=sleep 1000\nstartsecs=0\nstdout_logfile=NONE\n";
        boot(a + b + c);
        int pidA = awaitState("a", ProcessState.RUNNING, LONG).pid();
        int pidB = awaitState("b", ProcessState.RUNNING, LONG).pid();
        int pidC = awaitState("c", ProcessState.RUNNING, LONG).pid();

        String b2 = b.replace("sleep 1000", "sleep 1001");
        String d = "[program:d]\ncommand=sleep 1000\nstartsecs=0\nstdout_logfile=NONE\n";
        ReloadResult r = result(engine.reload(TestConfigs.load(dir, a + b2 + d)));
        assertEquals(new ReloadResult(List.of("d"), List.of("b"), List.of("c")), r);

        awaitState("d", ProcessState.RUNNING, LONG);
        await("b", p -> p.state() == ProcessState.RUNNING && p.pid() != pidB, LONG, "b restarted");
        awaitTrue(LONG, "c removed", () -> info("c") == null);
        awaitTrue(LONG, "c's child gone", () -> !ProcFs.exists(pidC));
        assertEquals(pidA, info("a").pid(), "unchanged program keeps its pid");
        assertFalse(Proc.alive(pidB));
        assertNull(info("c"));
    }

    @Test
    void idleEngineDoesNotWakeUp() throws Exception {
        boot(programs(3));
        awaitAllRunning(3);
        result(engine.ping()); // the boot's last step is done: the loop has turned once more since
        long before = engine.wakeups();
        Thread.sleep(1500); // measuring an interval, not waiting for a condition
        long after = engine.wakeups();
        System.out.printf("idle engine wake-ups over 1.5 s: %d%n", after - before);
        assertEquals(before, after, "an idle engine must not poll");
    }

    private static String programs(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append("[program:p").append(i).append("]\ncommand=sleep 1000\nstartsecs=0\nstdout_logfile=NONE\n")
                    .append("redirect_stderr=true\n");
        }
        return s.toString();
    }

    private void awaitAllRunning(int n) throws Exception {
        awaitTrue(LONG, n + " running", () -> engine.snapshot().size() == n
                && engine.snapshot().stream().allMatch(p -> p.state() == ProcessState.RUNNING));
    }
}
