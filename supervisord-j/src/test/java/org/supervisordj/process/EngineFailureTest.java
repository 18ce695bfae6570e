package org.supervisordj.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.supervisordj.config.LogLevel;
import org.supervisordj.posix.PipePump;
import org.supervisordj.posix.Pipes;

/**
 * Faults injected for real on the engine's threads: whatever dies, the engine says so, stops every
 * program's process group, refuses further work and fails {@link Engine#terminated()}.
 */
class EngineFailureTest extends EngineTestBase {

    /** A program ignoring TERM (so SIGKILL must follow) and one whose worker shares its process group. */
    private String programs() {
        return "[program:stubborn]\ncommand=sh -c \"trap '' TERM; touch " + dir.resolve("stubborn.ready")
                + "; exec sleep 1000\"\nstartsecs=0\nstopwaitsecs=2\nstdout_logfile=NONE\n"
                + "[program:master]\ncommand=sh -c 'sleep 1000 & echo $! > " + dir.resolve("worker.pid") + "; wait'\n"
                + "startsecs=0\nstdout_logfile=NONE\n"
                + "[program:bomb]\ncommand=sleep 1000\nautostart=false\nstdout_logfile=NONE\n";
    }

    private List<Integer> awaitChildren() throws Exception {
        awaitTrue(LONG, "stubborn ready", () -> Files.exists(dir.resolve("stubborn.ready")));
        Path workerFile = dir.resolve("worker.pid");
        awaitTrue(LONG, "worker pid written", () -> Files.exists(workerFile) && Files.readString(workerFile).endsWith("\n"));
        return List.of(awaitState("stubborn", ProcessState.RUNNING, LONG).pid(),
                awaitState("master", ProcessState.RUNNING, LONG).pid(), Integer.parseInt(Files.readString(workerFile).strip()));
    }

    private void assertAllGone(List<Integer> pids) throws Exception {
        for (int pid : pids) {
            awaitTrue(LONG, "process " + pid + " gone", () -> {
                String state = ProcFs.status(pid, "State"); // null: gone
                return state == null || state.startsWith("Z");
            });
        }
    }

    private static EngineStoppedException failure(CompletableFuture<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(EngineStoppedException.class, e.getCause());
    }

    @Test
    void whenAListenerThrowsAnErrorOnTheEngineThreadItDiesLoudlyAndTakesItsProgramsWithIt() throws Exception {
        boot(programs());
        List<Integer> pids = awaitChildren();
        Error injected = new Error("injected fault on the engine thread (test)");
        engine.addListener((p, from) -> {
            if (p.name().equals("bomb")) throw injected;
        });
        engine.start("bomb", false); // its STARTING reaches the listener, on the engine thread

        EngineStoppedException why = failure(engine.terminated());
        assertTrue(why.failed());
        assertSame(injected, why.getCause());
        assertTrue(engine.failed());
        assertAllGone(pids);
        assertEquals(1, count("CRITICAL the supervisor thread died (java.lang.Error: injected fault on the engine thread"
                + " (test)); stopping every program and exiting"), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("CRITICAL sending the stop signal to the process groups of")
                && l.contains("stubborn") && l.contains("master")), String.join("\n", log));

        // Dead means dead: requests fail at once on the caller's thread, nothing runs there or hangs.
        assertEquals("the supervisor thread failed; the daemon is stopping its programs and exiting",
                failure(engine.start("stubborn", false)).getMessage());
        failure(engine.ping());
        failure(engine.shutdown());
        failure(engine.reload(TestConfigs.load(dir, programs())));
    }

    @Test
    void whenThePipePumpDiesTheEngineStopsEveryProgramAndFails() throws Exception {
        try (PipePump doomed = new PipePump()) {
            boot(TestConfigs.load(dir, programs()), doomed, (level, message) -> log.add(level + " " + message));
            List<Integer> pids = awaitChildren();
            Error injected = new Error("injected fault in the pump thread (test)");
            int[] pipe = Pipes.pipe2Cloexec();
            doomed.register(pipe[0], new PipePump.Sink() {
                @Override
                public void write(ByteBuffer bytes) {
                    throw injected;
                }

                @Override
                public void eof() {
                }
            });
            Files.write(Path.of("/proc/self/fd/" + pipe[1]), new byte[] {'x'}); // wakes the pump into the fault
            Pipes.close(pipe[1]);

            EngineStoppedException why = failure(engine.terminated());
            assertSame(injected, why.getCause());
            assertAllGone(pids);
            assertEquals(1, count("CRITICAL the pipe pump died (java.lang.Error: injected fault in the pump thread"
                    + " (test)); stopping every program and exiting"), String.join("\n", log));
            failure(engine.ping());
        }
    }

    @Test
    void aRuntimeExceptionInAListenerIsThatListenersFailureOnly() throws Exception {
        boot("[program:bomb]\ncommand=sleep 1000\nautostart=false\nstdout_logfile=NONE\n");
        engine.addListener((p, from) -> {
            throw new IllegalStateException("injected listener bug (test)");
        });
        assertEquals(Fault.SUCCESS, engine.start("bomb", true).get(30, TimeUnit.SECONDS).get(0).fault());
        engine.ping().get(10, TimeUnit.SECONDS);
        assertFalse(engine.failed());
        assertTrue(count("state listener failed: java.lang.IllegalStateException: injected listener bug (test)") > 0);
        assertTrue(log.stream().noneMatch(l -> l.startsWith(LogLevel.CRITICAL.name())), String.join("\n", log));
    }
}
