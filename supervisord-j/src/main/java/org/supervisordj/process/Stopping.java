package org.supervisordj.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.supervisordj.config.GroupConfig;
import org.supervisordj.config.LogLevel;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.logging.Reason;
import org.supervisordj.posix.PosixException;
import org.supervisordj.posix.ProcessSignals;
import org.supervisordj.posix.Signals;

/**
 * The engine's stopping side: sends stop signals and SIGKILL escalations, retires groups removed or
 * changed by a reload, and runs the daemon's shutdown group by group in reverse priority order.
 * Engine thread only.
 */
final class Stopping {

    private static final int SIGKILL = Signals.KILL;

    /** A group being stopped by a reload; {@code with} is its new config, or null when it goes away. */
    private record Replacement(String group, GroupConfig with) {
    }

    private final ProcessTable table;
    private final Engine engine;
    private final EngineLog log;
    private final CompletableFuture<Void> shutdownDone = new CompletableFuture<>();
    private final Deque<ProcessTable.Group> stopQueue = new ArrayDeque<>();
    private final List<Replacement> replacements = new ArrayList<>();
    private ProcessTable.Group current;
    private boolean shuttingDown;
    private boolean complete;

    Stopping(ProcessTable table, Engine engine, EngineLog log) {
        this.table = table;
        this.engine = engine;
        this.log = log;
    }

    /** Sends {@code p}'s stopsignal, to its process group when stopasgroup is set. */
    void sendStopSignal(ManagedProcess p) {
        ProgramConfig c = p.config();
        int sig = Signals.number(c.stopsignal());
        log.log(LogLevel.DEBUG, "killing " + p.name() + " (pid " + p.pid + ") "
                + (c.stopasgroup() ? "process group " : "") + "with signal SIG" + Signals.name(sig));
        send(p, sig, c.stopasgroup());
    }

    /** Sends SIGKILL because stopwaitsecs passed; to the group when killasgroup is set. */
    void escalate(ManagedProcess p, long now) {
        ProgramConfig c = p.config();
        log.log(LogLevel.WARN, "killing '" + p.name() + "' (" + p.pid + ") with SIGKILL");
        send(p, SIGKILL, c.killasgroup() || c.stopasgroup());
        Transitions.killed(p, now);
    }

    /**
     * Sends {@code sig} to {@code p}'s live child (or its group); returns false if it failed. Only pids
     * not yet reaped are held in {@code p.pid}: the engine clears it in the same step as it reaps.
     */
    boolean send(ManagedProcess p, int sig, boolean asGroup) {
        if (p.pid <= 0) return false;
        try {
            // false = ESRCH: benign, the process is exiting and its exit arrives through the reaper.
            if (asGroup) ProcessSignals.killGroup(p.pid, sig);
            else ProcessSignals.kill(p.pid, sig);
            return true;
        } catch (PosixException e) {
            // supervisord: any error other than ESRCH leaves the process in UNKNOWN.
            log.log(LogLevel.CRITICAL, "unknown problem killing " + p.name() + " (" + p.pid + "): " + e.getMessage());
            p.moveTo(ProcessState.UNKNOWN);
            return false;
        }
    }

    /** Stops group {@code name} for a reload; once no child is left it is removed, and {@code with} (if any) added and autostarted. */
    void replaceGroup(String name, GroupConfig with, long now) {
        ProcessTable.Group g = table.group(name);
        if (g == null) {
            if (with != null) engine.autostart(engine.addGroup(with));
            return;
        }
        for (ManagedProcess p : reversed(g.processes())) engine.doStop(p, false);
        replacements.add(new Replacement(name, with));
        finishReplacements();
    }

    /** Begins the shutdown: every goal DOWN, no more restarts, groups queued highest priority first. */
    CompletableFuture<Void> beginShutdown(long now) {
        if (!shuttingDown) {
            shuttingDown = true;
            for (ManagedProcess p : table.all()) {
                p.setGoal(Goal.DOWN);
                p.restartPending = false; // EXITED waiting for a crash restart: it stays EXITED
            }
            List<ProcessTable.Group> order = table.groupsInStartOrder();
            Collections.reverse(order);
            stopQueue.addAll(order);
        }
        return shutdownDone;
    }

    /** Moves reload replacements and the shutdown along; called on every tick. */
    void advance(long now) {
        finishReplacements();
        if (!shuttingDown || complete) return;
        while (true) {
            if (current == null) {
                current = stopQueue.poll();
                if (current == null) break;
                stopAll(current, now);
            }
            if (hasLiveChild(current.processes())) return; // supervisord: next group only when this one is down
            current = null;
        }
        complete = !hasLiveChild(table.all());
    }

    /** Returns true once the shutdown has stopped every child. */
    boolean shutdownComplete() {
        return complete;
    }

    /** Completes the shutdown future (also if the engine loop died). */
    void complete() {
        shutdownDone.complete(null);
    }

    private void stopAll(ProcessTable.Group g, long now) {
        List<String> waiting = new ArrayList<>();
        for (ManagedProcess p : reversed(g.processes())) { // descending priority inside the group
            switch (p.state()) {
                case RUNNING, STARTING -> {
                    if (Transitions.stop(p, now) == Transitions.StopDecision.SIGNAL) sendStopSignal(p);
                }
                case BACKOFF -> Transitions.abandonRetries(p);
                case STOPPED, STOPPING, EXITED, FATAL, UNKNOWN -> p.setGoal(Goal.DOWN);
            }
            if (p.pid != 0) waiting.add(p.name());
        }
        if (!waiting.isEmpty()) log.log(LogLevel.INFO, "waiting for " + String.join(", ", waiting) + " to stop");
    }

    private void finishReplacements() {
        for (Iterator<Replacement> it = replacements.iterator(); it.hasNext(); ) {
            Replacement r = it.next();
            ProcessTable.Group g = table.group(r.group());
            if (g != null && hasLiveChild(g.processes())) continue;
            it.remove();
            if (g != null) {
                table.remove(r.group());
                for (ManagedProcess p : g.processes()) closeLogs(p);
            }
            if (r.with() != null && !shuttingDown) engine.autostart(engine.addGroup(r.with()));
        }
    }

    private void closeLogs(ManagedProcess p) {
        try {
            ChildLogs.close(p);
        } catch (java.io.IOException e) {
            log.log(LogLevel.WARN, "couldn't close log of " + p.name() + ": " + Reason.of(e));
        }
    }

    private static boolean hasLiveChild(List<ManagedProcess> ps) {
        for (ManagedProcess p : ps) if (p.pid != 0) return true;
        return false;
    }

    private static List<ManagedProcess> reversed(List<ManagedProcess> ps) {
        List<ManagedProcess> r = new ArrayList<>(ps);
        Collections.reverse(r);
        return r;
    }

    /**
     * A group leader that died (kill -9 of a gunicorn master, a crash, or a stop signal it did not pass
     * on) leaves its workers behind, holding its ports; with killasgroup the operator said the group
     * is one unit, so they get SIGTERM, before any restart. Signalling -pid is safe after the reap:
     * Linux does not hand out a pid that is still some process group's id, and ESRCH just means
     * nothing was left.
     */
    void terminateLeftovers(ManagedProcess p, int pgid) {
        try {
            if (ProcessSignals.killGroup(pgid, Signals.number("TERM"))) {
                log.log(LogLevel.INFO, "sent SIGTERM to the remaining processes of " + p.name() + " (process group "
                        + pgid + ")");
            }
        } catch (PosixException e) {
            log.log(LogLevel.WARN, "couldn't signal the process group of " + p.name() + ": " + e.getMessage());
        }
    }
}
