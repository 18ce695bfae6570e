package org.supervisordj.process;

import static org.supervisordj.process.ProcessState.BACKOFF;
import static org.supervisordj.process.ProcessState.EXITED;
import static org.supervisordj.process.ProcessState.FATAL;
import static org.supervisordj.process.ProcessState.RUNNING;
import static org.supervisordj.process.ProcessState.STARTING;
import static org.supervisordj.process.ProcessState.STOPPED;
import static org.supervisordj.process.ProcessState.STOPPING;
import static org.supervisordj.process.ProcessState.UNKNOWN;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.supervisordj.config.LogLevel;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.posix.WaitStatus;

/**
 * supervisord's process state machine: the legal edges in one table, and one method per input.
 * Nothing here reads a clock or does I/O: time comes in as {@code now} (nanoTime), and what must be
 * logged or sent comes back as {@link Outcome} / {@link Step} for the engine to carry out.
 */
final class Transitions {

    private static final Map<ProcessState, Set<ProcessState>> LEGAL = new EnumMap<>(ProcessState.class);

    static {
        LEGAL.put(STOPPED, EnumSet.of(STARTING));
        LEGAL.put(STARTING, EnumSet.of(RUNNING, BACKOFF, STOPPING));
        LEGAL.put(RUNNING, EnumSet.of(EXITED, STOPPING));
        LEGAL.put(BACKOFF, EnumSet.of(STARTING, STOPPED, FATAL)); // STOPPED: stop() during backoff
        LEGAL.put(STOPPING, EnumSet.of(STOPPED));
        LEGAL.put(EXITED, EnumSet.of(STARTING));
        LEGAL.put(FATAL, EnumSet.of(STARTING));
        // Ours, not supervisord's: a reaped exit proves an UNKNOWN process gone, and a stop request
        // tries again to stop one whose child is alive.
        LEGAL.put(UNKNOWN, EnumSet.of(STOPPED, STOPPING));
    }

    static final String TOO_QUICKLY = "Exited too quickly (process log may have details)";

    private Transitions() {
    }

    /** Throws IllegalStateException unless {@code from -> to} is an edge of supervisord's machine; any state may go to UNKNOWN. */
    static void checkLegal(String namespec, ProcessState from, ProcessState to) {
        if (to != UNKNOWN && !LEGAL.get(from).contains(to)) {
            throw new IllegalStateException("illegal transition for " + namespec + ": " + from + " -> " + to);
        }
    }

    /** Returns what is due for {@code p} at {@code now}; reads no clock, changes nothing. */
    static Step onTick(ManagedProcess p, long now) {
        ProgramConfig c = p.config();
        return switch (p.state()) {
            case STARTING -> {
                if (c.health().gatesReadiness()) yield readinessGate(p, now);
                long runningAt = p.startedAt + secs(c.startsecs());
                yield now >= runningAt ? Step.BECOME_RUNNING : Step.waitUntil(runningAt);
            }
            case BACKOFF -> p.backoff > c.startretries() ? Step.GIVE_UP
                    : p.goal() == Goal.DOWN ? Step.IDLE // shutting down: its group's turn will make it FATAL
                    : now >= p.deadline ? Step.SPAWN : Step.waitUntil(p.deadline);
            case STOPPING -> now >= p.deadline ? Step.KILL : Step.waitUntil(p.deadline);
            case EXITED -> !p.restartPending || p.goal() == Goal.DOWN ? Step.IDLE
                    : now >= p.deadline ? Step.SPAWN : Step.waitUntil(p.deadline);
            // Fell out of STOPPING (a failed signal, an error while ticking): SIGKILL is still due at the deadline.
            case UNKNOWN -> !stopPending(p) ? Step.IDLE : now >= p.deadline ? Step.KILL : Step.waitUntil(p.deadline);
            case STOPPED, RUNNING, FATAL -> Step.IDLE;
        };
    }

    /**
     * The readiness gate (ready=): STARTING becomes RUNNING when the probe has passed or READY=1 came,
     * and the start has failed once ready_timeout passes first; then the child gets its stopsignal, and
     * SIGKILL after stopwaitsecs, and its exit is a failed start (BACKOFF).
     */
    private static Step readinessGate(ManagedProcess p, long now) {
        ProcessHealth h = p.health;
        if (h.notReady != null) return now >= p.deadline ? Step.KILL : Step.waitUntil(p.deadline);
        if (h.ready) return Step.BECOME_RUNNING;
        long giveUpAt = p.startedAt + secs(p.config().health().readyTimeout());
        return now >= giveUpAt ? Step.NOT_READY : Step.waitUntil(giveUpAt);
    }

    /** Records that ready_timeout passed first: the child is to be stopped, and its exit is a failed start. */
    static Outcome notReady(ManagedProcess p, long now) {
        // STARTING stays STARTING until the exit, which brings BACKOFF (see childExited)
        ProgramConfig c = p.config();
        String last = p.health.lastResult == null ? "" : ", last: " + p.health.lastResult;
        p.health.notReady = "not ready within " + c.health().readyTimeout() + " s (ready=" + c.health().ready() + last + ")";
        p.deadline = now + secs(c.stopwaitsecs());
        return new Outcome(LogLevel.WARN, "not ready: " + p.name() + " " + p.health.notReady + "; stopping it");
    }

    /** Records the start of a spawn attempt (supervisord moves to STARTING before it forks). */
    static void beginSpawn(ManagedProcess p, long now) {
        switch (p.state()) {
            // STOPPED/EXITED/FATAL/BACKOFF -> STARTING: a start request, autostart, autorestart or retry
            case STOPPED, EXITED, FATAL, BACKOFF -> {
                p.moveTo(STARTING);
                p.startedAt = now;
                p.restartPending = false;
                p.deadline = Long.MAX_VALUE;
                p.everStarted = true;
            }
            case STARTING, RUNNING, STOPPING, UNKNOWN ->
                    throw new IllegalStateException(p.config().namespec() + " cannot spawn in " + p.state());
        }
    }

    /** Records a spawn that did not start a child: {@code spawnerr} plus BACKOFF. */
    static Outcome spawnFailed(ManagedProcess p, String reason, long now) {
        // STARTING -> BACKOFF: spawn error (missing binary, bad directory, unknown user, no fds)
        p.spawnerr = reason;
        enterBackoff(p, now);
        return new Outcome(LogLevel.INFO, "spawnerr: " + reason);
    }

    /** Records that startsecs passed with the child alive. */
    static Outcome becomeRunning(ManagedProcess p) {
        // STARTING -> RUNNING: stayed up for startsecs; a new series of start retries begins next time
        p.backoff = 0;
        p.moveTo(RUNNING);
        if (p.config().health().gatesReadiness()) {
            return new Outcome(LogLevel.INFO, "success: " + p.name() + " entered RUNNING state, process is ready (ready="
                    + p.config().health().ready() + ")");
        }
        return new Outcome(LogLevel.INFO, "success: " + p.name() + " entered RUNNING state, process has stayed up for > than "
                + p.config().startsecs() + " seconds (startsecs)");
    }

    /** Records that startretries are used up. */
    static Outcome giveUp(ManagedProcess p) {
        // BACKOFF -> FATAL: too many failed starts in a row; only a start request leaves FATAL
        p.backoff = 0;
        p.moveTo(FATAL);
        return new Outcome(LogLevel.INFO, "gave up: " + p.name() + " entered FATAL state, too many start retries too quickly");
    }

    /** Applies a reaped exit of {@code p}'s child and returns the line to log. */
    static Outcome childExited(ManagedProcess p, WaitStatus status, long now) {
        ProgramConfig c = p.config();
        int es = status.exitStatusForSupervisord();
        boolean expected = c.exitcodes().contains(es); // a signal death (-1) is never expected
        p.pid = 0;
        switch (p.state()) {
            case STOPPING -> {
                // STOPPING -> STOPPED: the exit we asked for; never restarted
                p.exitstatus = es;
                p.deadline = Long.MAX_VALUE;
                p.moveTo(STOPPED);
                return new Outcome(expected ? LogLevel.INFO : LogLevel.WARN,
                        "stopped: " + p.name() + " (" + status.describe() + ")");
            }
            case STARTING -> {
                if (c.health().gatesReadiness()) {
                    // STARTING -> BACKOFF: exited (or was stopped) before it was ready: a failed start
                    p.spawnerr = p.health.notReady != null ? p.health.notReady
                            : "exited before it was ready (ready=" + c.health().ready() + ")";
                    enterBackoff(p, now);
                    return new Outcome(LogLevel.WARN, "exited: " + p.name() + " (" + status.describe() + "; not expected)");
                }
                if (now - p.startedAt < secs(c.startsecs())) {
                    // STARTING -> BACKOFF: exited before startsecs, retried after backoff seconds
                    p.spawnerr = TOO_QUICKLY;
                    enterBackoff(p, now);
                    return new Outcome(LogLevel.WARN, "exited: " + p.name() + " (" + status.describe() + "; not expected)");
                }
                // STARTING -> RUNNING: startsecs had passed, the tick had not run yet (supervisord logs nothing here)
                p.backoff = 0;
                p.moveTo(RUNNING);
                return exitedFromRunning(p, status, expected, now);
            }
            case RUNNING -> {
                return exitedFromRunning(p, status, expected, now);
            }
            case UNKNOWN -> {
                // UNKNOWN -> STOPPED: a signal failed oddly earlier, but the reaper proves it gone
                p.exitstatus = es;
                p.moveTo(STOPPED);
                return new Outcome(LogLevel.WARN, "stopped: " + p.name() + " (" + status.describe() + ")");
            }
            case STOPPED, BACKOFF, EXITED, FATAL -> throw new IllegalStateException(
                    c.namespec() + " has no child in " + p.state() + " but pid exit arrived");
        }
        throw new AssertionError(p.state());
    }

    private static Outcome exitedFromRunning(ManagedProcess p, WaitStatus status, boolean expected, long now) {
        ProgramConfig c = p.config();
        p.backoff = 0;
        p.exitstatus = status.exitStatusForSupervisord();
        boolean restart = p.goal() == Goal.UP && switch (c.autorestart()) {
            case TRUE -> true;
            case FALSE -> false;
            case UNEXPECTED -> !expected;
        };
        p.restartPending = restart;
        if (restart) {
            // Crash-loop extension: a process that keeps dying soon after its start waits longer each time.
            boolean quick = now - p.startedAt < secs(c.restartBackoff().resetSecs());
            p.quickCrashes = quick ? p.quickCrashes + 1 : 1;
            p.deadline = now + secs(c.restartBackoff().delaySecs(p.quickCrashes));
        } else {
            p.quickCrashes = 0;
            p.deadline = Long.MAX_VALUE;
        }
        if (!expected) {
            p.spawnerr = "Bad exit code " + p.exitstatus;
        }
        // RUNNING -> EXITED: not a stop request, so autorestart decided (above) whether a restart follows
        p.moveTo(EXITED);
        return new Outcome(expected ? LogLevel.INFO : LogLevel.WARN, "exited: " + p.name() + " ("
                + status.describe() + (expected ? "; expected)" : "; not expected)"));
    }

    /** Why a start request is refused: the fault and the reason answered. */
    record StartRefusal(Fault fault, String reason) {
    }

    /**
     * Applies a start request: returns why it is refused, or null when the engine must now spawn
     * (goal UP, and a fresh series of retries).
     */
    static StartRefusal start(ManagedProcess p) {
        return switch (p.state()) {
            case STARTING, RUNNING, BACKOFF -> new StartRefusal(Fault.ALREADY_STARTED, "already started");
            case STOPPING -> new StartRefusal(Fault.STILL_RUNNING, "still stopping");
            case UNKNOWN -> new StartRefusal(Fault.FAILED, "state unknown");
            case STOPPED, EXITED, FATAL -> {
                // STOPPED/EXITED/FATAL -> STARTING (by the spawn): an explicit start begins a fresh series of retries
                p.setGoal(Goal.UP);
                p.backoff = 0;
                p.quickCrashes = 0;
                yield null;
            }
        };
    }

    /**
     * Returns true if the rest of a reaped leader's process group is to get SIGTERM: with killasgroup
     * the group is one unit (a crash, or a stop the leader did not pass on, leaves workers behind),
     * unless stopasgroup already sent the stop signal to all of it.
     */
    static boolean leftoversToTerminate(ProgramConfig c, boolean stopRequested) {
        return c.killasgroup() && !(stopRequested && c.stopasgroup());
    }

    /** Returns the line telling that a crash restart waits (restart_backoff), or null when it is due at once. */
    static Outcome restartDelay(ManagedProcess p, long now) {
        if (!p.restartPending || p.deadline <= now) return null;
        return new Outcome(LogLevel.INFO, "delaying restart of " + p.name() + " by "
                + TimeUnit.NANOSECONDS.toSeconds(p.deadline - now + 999_999_999) + " s: it exited "
                + p.quickCrashes + " times in a row within " + p.config().restartBackoff().resetSecs()
                + " s of starting (restart_backoff)");
    }

    /** What a stop request does in the current state. */
    enum StopDecision { SIGNAL, STOPPED, NOT_RUNNING }

    /** Applies a stop request; SIGNAL means the engine must now send stopsignal. */
    static StopDecision stop(ManagedProcess p, long now) {
        p.setGoal(Goal.DOWN);
        switch (p.state()) {
            case RUNNING, STARTING -> {
                // RUNNING/STARTING -> STOPPING: send stopsignal, SIGKILL once stopwaitsecs pass
                p.moveTo(STOPPING);
                p.deadline = now + secs(p.config().stopwaitsecs());
                return StopDecision.SIGNAL;
            }
            case BACKOFF -> {
                // BACKOFF -> STOPPED: no child is alive; just stop retrying
                p.deadline = Long.MAX_VALUE;
                p.moveTo(STOPPED);
                return StopDecision.STOPPED;
            }
            case EXITED -> {
                if (p.restartPending) {
                    // EXITED stays EXITED: cancel the scheduled crash restart (an extension; supervisord has none)
                    p.restartPending = false;
                    p.deadline = Long.MAX_VALUE;
                    return StopDecision.STOPPED;
                }
                return StopDecision.NOT_RUNNING;
            }
            case UNKNOWN -> {
                if (p.pid <= 0) return StopDecision.NOT_RUNNING;
                // UNKNOWN -> STOPPING: its child is alive (a signal failed, or ticking it failed); try again,
                // SIGKILL once stopwaitsecs pass, so that it cannot hold a shutdown or a reload back for ever
                p.moveTo(STOPPING);
                p.stopAbandoned = false;
                p.deadline = now + secs(p.config().stopwaitsecs());
                return StopDecision.SIGNAL;
            }
            case STOPPING, STOPPED, FATAL -> {
                return StopDecision.NOT_RUNNING;
            }
        }
        throw new AssertionError(p.state());
    }

    /**
     * Returns true while {@code p} keeps a stop of its group (shutdown, reload) waiting: it has a live
     * child, unless it is UNKNOWN after its SIGKILL too was tried, when nothing more can be done.
     */
    static boolean holdsStopBack(ManagedProcess p) {
        return p.pid != 0 && !p.stopAbandoned;
    }

    private static boolean stopPending(ManagedProcess p) {
        return p.pid > 0 && p.goal() == Goal.DOWN && p.deadline != Long.MAX_VALUE;
    }

    /** Records that SIGKILL was sent (or tried); like supervisord, it is sent again if another stopwaitsecs pass. */
    static void killed(ManagedProcess p, long now) {
        // STOPPING -> STOPPING: escalated; the reaper will bring STOPPED
        // UNKNOWN stays UNKNOWN: SIGKILL failed too (or was sent from UNKNOWN); nothing is left to try
        p.stopAbandoned = p.state() == UNKNOWN;
        p.deadline = p.stopAbandoned ? Long.MAX_VALUE : now + secs(p.config().stopwaitsecs());
    }

    /** Applies supervisord's shutdown rule for a process in BACKOFF: FATAL, silently. */
    static void abandonRetries(ManagedProcess p) {
        // BACKOFF -> FATAL: the daemon is shutting down, so no retry will come
        p.setGoal(Goal.DOWN);
        p.backoff = 0;
        p.deadline = Long.MAX_VALUE;
        p.moveTo(FATAL);
    }

    private static void enterBackoff(ManagedProcess p, long now) {
        // supervisord: backoff += 1; delay = now + backoff, so the n-th retry waits n seconds.
        p.backoff++;
        p.deadline = now + secs(p.backoff);
        p.moveTo(BACKOFF);
    }

    static long secs(long seconds) {
        return TimeUnit.SECONDS.toNanos(seconds);
    }
}
