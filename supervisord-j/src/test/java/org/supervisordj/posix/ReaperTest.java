package org.supervisordj.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test thread plays the engine: it takes exit events and calls reap() itself. */
class ReaperTest {
    private record Exit(int pid, long nanos) {
    }

    private static final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private static final BlockingQueue<Exit> exits = new LinkedBlockingQueue<>();
    private static Reaper reaper;
    private static int devNull;

    @BeforeAll
    static void start() throws Exception {
        ProcessSignals.becomeSubreaper();
        reaper = new Reaper(pid -> {
            long now = System.nanoTime();
            synchronized (owned) { // same lock as spawn + record, see spawn()
                if (!owned.contains(pid)) {
                    return false;
                }
            }
            exits.add(new Exit(pid, now));
            return true;
        });
        devNull = Pipes.pipe2Cloexec()[1]; // a write end nobody reads: children here print nothing
    }

    @AfterAll
    static void stop() {
        reaper.close();
    }

    @Test
    void exitCodeAndSignalDeathAreDecoded() throws Exception {
        int pid = spawn("exit 3");
        assertEquals(pid, nextExit().pid());
        WaitStatus st = reaper.reap(pid);
        assertEquals(new WaitStatus.Exited(3), st);
        assertEquals("exit status 3", st.describe());
        assertEquals(3, st.exitStatusForSupervisord());
        assertNull(reaper.reap(pid), "a reaped pid is gone");

        pid = spawn("exec sleep 30");
        ProcessSignals.kill(pid, 9);
        assertEquals(pid, nextExit().pid());
        st = reaper.reap(pid);
        assertEquals(new WaitStatus.Killed(9, false), st);
        assertEquals("terminated by SIGKILL", st.describe());
        assertEquals(-1, st.exitStatusForSupervisord());
        assertFalse(ProcessSignals.kill(pid, 0), "ESRCH after reaping is reported as false");
    }

    @Test
    void fastExitsAreNeverLost() throws Exception {
        Set<Integer> pids = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            pids.add(spawn("exit " + (i % 7)));
        }
        Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            int pid = nextExit().pid();
            assertTrue(seen.add(pid), "pid " + pid + " reported twice");
            assertTrue(reaper.reap(pid) instanceof WaitStatus.Exited);
        }
        assertEquals(pids, seen);
        owned.removeAll(pids);
    }

    @Test
    void zombieStaysUntilTheOwnerReaps() throws Exception {
        int pid = spawn("exit 0");
        assertEquals(pid, nextExit().pid());
        // The reaper only peeked: the pid cannot be recycled before we reap it.
        assertEquals("Z", Proc.stat(pid)[0]);
        assertTrue(ProcessSignals.kill(pid, 0));
        assertEquals(new WaitStatus.Exited(0), reaper.reap(pid));
        assertFalse(Proc.exists(pid));
    }

    @Test
    void orphansOfADoubleForkAreReapedQuietly() throws Exception {
        int[] pipe = Pipes.pipe2Cloexec();
        int pid = spawn("sleep 300 >/dev/null 2>&1 & echo $!; exit 0", pipe[1]);
        Pipes.close(pipe[1]);
        int grandchild;
        try (InputStream in = Files.newInputStream(Path.of("/proc/self/fd/" + pipe[0]))) {
            grandchild = Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        } finally {
            Pipes.close(pipe[0]);
        }
        assertEquals(pid, nextExit().pid());
        assertEquals(new WaitStatus.Exited(0), reaper.reap(pid));
        // sh is gone, so the sleep was re-parented to us (subreaper), not to pid 1.
        String[] st = Proc.stat(grandchild);
        assertNotNull(st, "grandchild still running");
        assertEquals(ProcessSignals.getpid(), Integer.parseInt(st[1]));
        // It ends when told to, not after a sleep the test would have to outrun on a busy machine.
        ProcessSignals.kill(grandchild, Signals.number("KILL"));
        Proc.await(Proc.DEADLINE, "grandchild reaped", () -> !Proc.exists(grandchild));
        // Other tests' orphans (this JVM is their subreaper too) may be zombies for a moment: the reaper
        // takes each in turn, and one it never took would stay.
        Proc.await(Proc.DEADLINE, "no zombie children, at first look " + Proc.zombieChildren(ProcessSignals.getpid()),
                () -> Proc.zombieChildren(ProcessSignals.getpid()).isEmpty());
        assertTrue(exits.isEmpty(), "unknown pids never reach the owner: " + exits);
    }

    @Test
    void killGroupKillsGrandchildren() throws Exception {
        int pid = spawn("sleep 300 & sleep 300 & wait");
        Proc.await(Proc.DEADLINE, "three group members", () -> members(pid) == 3);
        assertTrue(ProcessSignals.killGroup(pid, Signals.number("TERM")));
        assertEquals(pid, nextExit().pid());
        assertEquals(new WaitStatus.Killed(15, false), reaper.reap(pid));
        Proc.await(Proc.DEADLINE, "empty group", () -> members(pid) == 0);
        assertFalse(ProcessSignals.killGroup(pid, 15), "ESRCH for an empty group");
    }

    /** Prints the exit latency (how fast is bench/'s question) and checks that an idle reaper blocks. */
    @Test
    void exitLatencyAndIdleCost() throws Exception {
        long[] micros = new long[60];
        for (int i = 0; i < micros.length; i++) {
            int pid = spawn("exec sleep 30");
            Proc.await(Proc.DEADLINE, "exec", () -> "sleep".equals(Proc.status(pid, "Name")));
            long t0 = System.nanoTime();
            ProcessSignals.kill(pid, 9);
            Exit e = nextExit();
            micros[i] = (e.nanos() - t0) / 1000;
            assertEquals(new WaitStatus.Killed(9, false), reaper.reap(e.pid()));
        }
        long[] sorted = Arrays.copyOfRange(micros, 10, micros.length);
        Arrays.sort(sorted);
        System.out.printf("reaper: kill -> listener latency over %d children: median %d us, p90 %d us, max %d us%n",
                sorted.length, sorted[sorted.length / 2], sorted[sorted.length * 9 / 10], sorted[sorted.length - 1]);

        // With no children, waitid returns ECHILD at once; the thread must block, not spin.
        Thread t = Thread.getAllStackTraces().keySet().stream().filter(x -> x.getName().equals("reaper"))
                .filter(Thread::isAlive).findFirst().orElseThrow();
        var mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getThreadCpuTime(t.getId());
        long wall0 = System.nanoTime();
        Thread.sleep(500); // measuring an interval, not waiting for a condition
        long cpuMicros = (mx.getThreadCpuTime(t.getId()) - cpu0) / 1000;
        System.out.printf("reaper: idle CPU %d us over %d ms%n", cpuMicros, (System.nanoTime() - wall0) / 1_000_000);
        assertTrue(cpuMicros < 50_000, "idle reaper used " + cpuMicros + " us of CPU");
    }

    private static int members(int pgid) {
        return Proc.groupMembers(pgid).size();
    }

    private static Exit nextExit() throws InterruptedException {
        Exit e = exits.poll(Proc.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(e, "no exit reported within " + Proc.DEADLINE);
        return e;
    }

    private static int spawn(String script) throws Exception {
        return spawn(script, devNull);
    }

    // Spawn and record under the lock the listener takes: otherwise a child exiting before
    // add() would look unknown to the listener and be reaped quietly, losing its exit.
    private static int spawn(String script, int out) throws Exception {
        synchronized (owned) {
            int pid = new Spawner().spawn(new SpawnRequest(List.of("sh", "-c", script), Proc.PATH_ONLY,
                    null, null, null, out, out));
            owned.add(pid);
            reaper.childSpawned();
            return pid;
        }
    }
}
