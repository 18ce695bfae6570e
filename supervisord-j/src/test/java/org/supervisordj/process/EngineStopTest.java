package org.supervisordj.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.supervisordj.posix.Proc;
import org.supervisordj.posix.ProcessSignals;

/** Stopping, process groups, orphans and shutdown order with real children. */
class EngineStopTest extends EngineTestBase {

    @Test
    void whenChildIgnoresSigtermThenSigkilledOnceStopwaitsecsPass() throws Exception {
        Path ready = dir.resolve("ready");
        boot("[program:stubborn]\ncommand=sh -c \"trap '' TERM; touch " + ready + "; exec sleep 60\"\nstartsecs=0\n"
                + "stopwaitsecs=1\nstdout_logfile=NONE\n");
        int pid = awaitState("stubborn", ProcessState.RUNNING, LONG).pid();
        Proc.awaitFile(ready); // a TERM before the trap would end sh at once
        long t0 = System.nanoTime();
        List<ProcessResult> r = result(engine.stop("stubborn", true));
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("TERM-ignoring child stopped after %.3f s (stopwaitsecs=1)%n", secs);
        assertEquals(Fault.SUCCESS, r.get(0).fault());
        assertTrue(secs >= 1.0, "SIGKILL before stopwaitsecs passed: " + secs + " s");
        assertEquals(ProcessState.STOPPED, info("stubborn").state());
        assertFalse(Proc.alive(pid));
        assertEquals(1, count("WARN killing 'stubborn' (" + pid + ") with SIGKILL"));
        assertEquals(1, count("stopped: stubborn (terminated by SIGKILL)"));
    }

    @Test
    void whenStopasgroupThenGrandchildrenAreKilledToo() throws Exception {
        Path gc = dir.resolve("gc.pid");
        boot("[program:family]\ncommand=sh -c 'sleep 1000 & echo $! > " + gc + "; wait'\nstartsecs=0\n"
                + "stopasgroup=true\nstdout_logfile=NONE\n");
        awaitState("family", ProcessState.RUNNING, LONG);
        awaitTrue(LONG, "grandchild pid file", () -> Files.exists(gc) && Files.size(gc) > 1);
        int grandchild = Integer.parseInt(Files.readString(gc).strip());
        assertTrue(ProcFs.exists(grandchild));
        result(engine.stop("family", true));
        awaitTrue(LONG, "grandchild " + grandchild + " gone", () -> !ProcFs.exists(grandchild));
    }

    @Test
    void whenAGroupLeaderIsKilledItsLeftoverWorkersGetSigtermBeforeTheRestart() throws Exception {
        Path gc = dir.resolve("worker.pid");
        boot("[program:master]\ncommand=sh -c 'sleep 1000 & echo $! > " + gc + "; wait'\nstartsecs=0\n"
                + "killasgroup=true\nautorestart=true\nstdout_logfile=NONE\n");
        awaitState("master", ProcessState.RUNNING, LONG);
        awaitTrue(LONG, "worker pid file", () -> Files.exists(gc) && Files.size(gc) > 1);
        int worker = Integer.parseInt(Files.readString(gc).strip());
        int master = info("master").pid();
        Files.delete(gc);
        ProcessSignals.kill(master, 9);
        awaitTrue(LONG, "leftover worker " + worker + " gone", () -> !ProcFs.exists(worker));
        awaitTrue(LONG, "restarted", () -> info("master").pid() != master && info("master").pid() != 0);
        assertTrue(log.stream().anyMatch(l -> l.contains("sent SIGTERM to the remaining processes of master")), log.toString());

        // A stop the leader does not pass on (stopasgroup=false) leaves no worker behind either.
        awaitTrue(LONG, "new worker pid file", () -> Files.exists(gc) && Files.size(gc) > 1);
        int newWorker = Integer.parseInt(Files.readString(gc).strip());
        result(engine.stop("master", true));
        awaitTrue(LONG, "worker " + newWorker + " gone after stop", () -> !ProcFs.exists(newWorker));
    }

    @Test
    void whenChildDoubleForksThenNoZombieOrOrphanIsLeft() throws Exception {
        Path marker = dir.resolve("orphan.done");
        boot("[program:forker]\ncommand=sh -c '( (sleep 0.3; touch " + marker + ") & ); exec sleep 1000'\n"
                + "startsecs=0\nstdout_logfile=NONE\n");
        awaitState("forker", ProcessState.RUNNING, LONG);
        awaitTrue(LONG, "the orphan ran", () -> Files.exists(marker));
        // The orphan was re-parented to us (subreaper) and must have been reaped quietly.
        awaitTrue(LONG, "no zombie children: " + ProcFs.zombies(), () -> ProcFs.zombies().isEmpty());
        assertEquals(ProcessState.RUNNING, info("forker").state(), "an orphan's exit is not the program's");
    }

    @Test
    void startsFollowPriorityAndShutdownStopsInReversePriorityLeavingNoChild() throws Exception {
        boot("[program:a]\ncommand=sleep 1000\npriority=300\nstartsecs=0\nstdout_logfile=NONE\n"
                + "[program:b]\ncommand=sleep 1000\npriority=100\nstartsecs=0\nstdout_logfile=NONE\n"
                + "[program:c]\ncommand=sleep 1000\npriority=200\nstartsecs=0\nstdout_logfile=NONE\n"
                + "[program:manual]\ncommand=sleep 1000\nautostart=false\nstdout_logfile=NONE\n");
        for (String n : List.of("a", "b", "c")) awaitState(n, ProcessState.RUNNING, LONG);
        List<String> spawned = lines("spawned: ").stream().map(l -> l.split("'")[1]).toList();
        assertEquals(List.of("b", "c", "a"), spawned);
        assertEquals(ProcessState.STOPPED, info("manual").state());
        List<Integer> pids = engine.snapshot().stream().map(ProcessInfo::pid).filter(p -> p != 0).toList();

        result(engine.shutdown());
        List<String> stopped = lines("stopped: ").stream().map(l -> l.split(" ")[2]).toList();
        assertEquals(List.of("a", "c", "b"), stopped);
        assertTrue(lines("waiting for").get(0).contains("waiting for a to stop"));
        for (int pid : pids) assertFalse(ProcFs.exists(pid), "pid " + pid + " survived");
        // An earlier test's orphan may still be on its way to the reaper; a child of ours would stay.
        awaitTrue(LONG, "no child left (at first look: " + ProcFs.children(ProcFs.self()) + ")",
                () -> ProcFs.children(ProcFs.self()).isEmpty());
        var late = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> engine.start("a", false).get(5, TimeUnit.SECONDS));
        assertFalse(((EngineStoppedException) late.getCause()).failed(), "ended by the shutdown, not a failure");
    }

    @Test
    void restartGivesANewPidAndSignalReachesTheChild() throws Exception {
        Path got = dir.resolve("got");
        Path ready = dir.resolve("ready");
        boot("[program:web]\ncommand=sh -c \"trap 'echo usr1 >> " + got + "' USR1; touch " + ready
                + "; while :; do sleep 0.1; done\"\nstartsecs=0\nstdout_logfile=NONE\n");
        int pid = awaitState("web", ProcessState.RUNNING, LONG).pid();
        Proc.awaitFile(ready); // a USR1 before the trap would end sh
        assertEquals(Fault.SUCCESS, result(engine.signal("web", "USR1")).get(0).fault());
        awaitTrue(LONG, "trap ran", () -> Files.exists(got));
        List<ProcessResult> r = result(engine.restart("web", true));
        assertEquals(Fault.SUCCESS, r.get(0).fault());
        int newPid = info("web").pid();
        assertTrue(newPid != 0 && newPid != pid);
    }
}
