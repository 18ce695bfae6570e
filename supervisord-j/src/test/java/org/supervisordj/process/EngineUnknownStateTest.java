package org.supervisordj.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.supervisordj.config.LogLevel;

/**
 * A process lands in UNKNOWN when a signal to it fails for another reason than ESRCH, or when ticking
 * it throws (an engine bug). Its child may well be alive: a shutdown must still end it, within its
 * stopwaitsecs, and complete. The fault is injected for real: the engine's log throws once.
 */
class EngineUnknownStateTest extends EngineTestBase {

    /** Boots with a log that throws once, on the first line containing {@code trigger}. */
    private void bootFailingOnce(String sections, String trigger) {
        AtomicBoolean thrown = new AtomicBoolean();
        boot(TestConfigs.load(dir, sections), pump, (level, message) -> {
            if (message.contains(trigger) && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("injected log failure (test)");
            }
            if (LogLevel.DEBUG.allows(level)) log.add(level + " " + message);
        });
    }

    private String stubborn(String startsecs) {
        return "[program:stubborn]\ncommand=sh -c \"trap '' TERM; touch " + dir.resolve("ready")
                + "; exec sleep 1000\"\nstartsecs=" + startsecs + "\nstopwaitsecs=1\nstdout_logfile=NONE\n";
    }

    @Test
    void whenTickingARunningProcessFailsItIsUnknownAndShutdownStillKillsItsChildAndCompletes() throws Exception {
        bootFailingOnce(stubborn("1"), "entered RUNNING state"); // the RUNNING tick's log line throws
        int pid = awaitState("stubborn", ProcessState.UNKNOWN, LONG).pid();
        assertTrue(pid > 0);
        awaitTrue(LONG, "trap installed", () -> Files.exists(dir.resolve("ready")));

        engine.shutdown().get(30, TimeUnit.SECONDS); // before: waited for ever on the UNKNOWN process
        awaitTrue(LONG, "child " + pid + " gone", () -> gone(pid));
        assertEquals(1, count("WARN killing 'stubborn' (" + pid + ") with SIGKILL"), String.join("\n", log));
        assertEquals(ProcessState.STOPPED, info("stubborn").state());
    }

    @Test
    void whenTheSigkillEscalationFailsHalfwayTheProcessIsUnknownAndStillKilledAtTheNextDeadline() throws Exception {
        bootFailingOnce(stubborn("0"), "with SIGKILL"); // the first escalation throws before its kill()
        int pid = awaitState("stubborn", ProcessState.RUNNING, LONG).pid();
        awaitTrue(LONG, "trap installed", () -> Files.exists(dir.resolve("ready")));
        engine.stop("stubborn", false).get(10, TimeUnit.SECONDS);
        awaitTrue(LONG, "unknown or stopped", () -> info("stubborn").state() == ProcessState.UNKNOWN
                || info("stubborn").state() == ProcessState.STOPPED);

        engine.shutdown().get(30, TimeUnit.SECONDS); // before: waited for ever on the UNKNOWN process
        awaitTrue(LONG, "child " + pid + " gone", () -> gone(pid));
        assertEquals(ProcessState.STOPPED, info("stubborn").state());
    }

    private static boolean gone(int pid) {
        String state = ProcFs.status(pid, "State");
        return state == null || state.startsWith("Z");
    }
}
