package org.supervisordj.process;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.GroupConfig;
import org.supervisordj.config.LogLevel;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.posix.PosixException;
import org.supervisordj.posix.ProcessGroups;
import org.supervisordj.posix.ProcessSignals;
import org.supervisordj.posix.Signals;

/**
 * The engine's stopping side: sends stop signals and SIGKILL escalations, retires groups removed or
 * changed by a reload, and runs the daemon's shutdown group by group in reverse priority order.
 * Engine thread only.
 */
final class Stopping {

    private static final int SIGKILL = Signals.KILL;

    /** A group stopping for a reload; {@code with} is what comes back once it is down, null for nothing. */
    private static final class Replacement {
        GroupConfig with;

        Replacement(GroupConfig with) {
            this.with = with;
        }
    }

    private final ProcessTable table;
    private final EngineLog log;
    private final CompletableFuture<Void> shutdownDone = new CompletableFuture<>();
    private final Deque<ProcessTable.Group> stopQueue = new ArrayDeque<>();
    private final Map<String, Replacement> replacements = new LinkedHashMap<>(); // by group name
    private ProcessTable.Group current;
    private java.util.function.Predicate<String> delivering = pool -> false;
    private long drainUntil = Long.MIN_VALUE; // the shutdown's wait for the listener pool next in line
    private long wakeAt = Long.MAX_VALUE;
    private boolean shuttingDown;
    private boolean complete;

    Stopping(ProcessTable table, EngineLog log) {
        this.table = table;
        this.log = log;
    }

    /** Lets the shutdown ask whether a listener pool is still being sent events (see {@link #advance}). */
    void drainPoolsWith(java.util.function.Predicate<String> delivering) {
        this.delivering = delivering;
    }

    /** Returns when the shutdown wants to look again at a listener pool it lets drain, else Long.MAX_VALUE. */
    long wakeAt() {
        return wakeAt;
    }

    /** Applies a stop request to {@code p} and sends its stopsignal when one is due. */
    Transitions.StopDecision stop(ManagedProcess p, long now) {
        Transitions.StopDecision d = Transitions.stop(p, now);
        if (d == Transitions.StopDecision.SIGNAL) sendStopSignal(p);
        return d;
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

    /**
     * Applies a reload's differences: groups that must go or change are stopped, and come back (with
     * {@code next}'s settings) or stay away once no child of theirs is left. A group still stopping from
     * an earlier reload is not stopped twice nor added beside itself: only what comes back changes, so
     * the latest configuration read is what the table ends with. Returns the groups to add and
     * autostart now (nothing of theirs is running).
     */
    List<GroupConfig> reload(ReloadResult diff, Configuration next, long now) {
        List<GroupConfig> addNow = new ArrayList<>();
        for (String name : diff.removed()) replace(name, null, now, addNow);
        for (GroupConfig g : next.groups()) { // in start order
            if (diff.changed().contains(g.name()) || diff.added().contains(g.name())) replace(g.name(), g, now, addNow);
        }
        addNow.addAll(finishReplacements());
        return addNow;
    }

    /** Returns true while some group is stopping for a reload. */
    boolean isReplacing() {
        return !replacements.isEmpty();
    }

    /** Returns true while group {@code name} is stopping for a reload: its processes must not start again. */
    boolean isReplacing(String name) {
        return replacements.containsKey(name);
    }

    private void replace(String name, GroupConfig with, long now, List<GroupConfig> addNow) {
        Replacement pending = replacements.get(name);
        if (pending != null) {
            pending.with = with; // already stopping: the latest configuration is the one that comes back
            return;
        }
        ProcessTable.Group g = table.group(name);
        if (g == null) {
            if (with != null) addNow.add(with);
            return;
        }
        for (ManagedProcess p : reversed(g.processes())) stop(p, now);
        replacements.put(name, new Replacement(with));
    }

    /** Begins the shutdown: every goal DOWN, no more restarts, groups queued in {@code order} (the engine's stop order). */
    CompletableFuture<Void> beginShutdown(long now, List<ProcessTable.Group> order) {
        if (!shuttingDown) {
            shuttingDown = true;
            for (ManagedProcess p : table.all()) {
                p.setGoal(Goal.DOWN);
                p.restartPending = false; // EXITED waiting for a crash restart: it stays EXITED
            }
            stopQueue.addAll(order);
        }
        return shutdownDone;
    }

    /**
     * Moves reload replacements and the shutdown along; called on every tick. Returns the groups whose
     * replacement is over, for the engine to add and autostart.
     */
    List<GroupConfig> advance(long now) {
        List<GroupConfig> ready = finishReplacements();
        wakeAt = Long.MAX_VALUE;
        if (!shuttingDown || complete) return ready;
        while (true) {
            if (current == null) {
                ProcessTable.Group next = stopQueue.peek();
                if (next == null) break;
                if (mustDrain(next, now)) return ready;
                current = stopQueue.poll();
                stopAll(current, now);
            }
            if (hasLiveChild(current.processes())) return ready; // supervisord: next group only when this one is down
            current = null;
        }
        complete = !hasLiveChild(table.all());
        return ready;
    }

    /**
     * A listener pool stops last (priority -1): before it does, the events of the shutdown so far
     * (SUPERVISOR_STATE_CHANGE_STOPPING, the programs' STOPPED) reach its listeners, for at most
     * {@link #DRAIN_NANOS}. supervisord gets the same from stopping one group per loop pass.
     */
    private boolean mustDrain(ProcessTable.Group g, long now) {
        if (!g.config().isListenerPool()) return false;
        if (drainUntil == Long.MIN_VALUE) drainUntil = now + DRAIN_NANOS;
        if (now >= drainUntil || !delivering.test(g.config().name())) {
            drainUntil = Long.MIN_VALUE;
            return false;
        }
        wakeAt = Math.min(drainUntil, now + DRAIN_POLL_NANOS);
        return true;
    }

    static final long DRAIN_NANOS = 2_000_000_000L;
    private static final long DRAIN_POLL_NANOS = 10_000_000L;

    /** Returns true once the shutdown has stopped every child. */
    boolean shutdownComplete() {
        return complete;
    }

    /** Completes the shutdown future: the loop has ended after the shutdown. */
    void complete() {
        shutdownDone.complete(null);
    }

    /** Fails the shutdown future: the loop has died. */
    void fail(Throwable why) {
        shutdownDone.completeExceptionally(why);
    }

    /**
     * The engine is dying and can no longer keep track, so every program goes at once, the way a shutdown
     * would end it: its stopsignal to each live child's process group, then SIGKILL to each group still
     * alive after its stopwaitsecs. {@code ours} tells the pids not reaped yet. Nothing is reaped
     * meanwhile (the reaper waits for the engine to reap), so each leader is at least a zombie whose pid,
     * also its group's id, cannot be reused: every signal here reaches our own processes. Runs on the
     * dying engine thread; it sleeps, which a living engine never does.
     */
    void emergencyStop(IntPredicate ours, LongSupplier clock) throws InterruptedException {
        Map<Integer, ManagedProcess> left = new LinkedHashMap<>(); // by process group id: the leader's pid
        List<ManagedProcess> order = table.all();
        Collections.reverse(order); // as a shutdown: highest priority last
        for (ManagedProcess p : order) if (p.pid > 0 && ours.test(p.pid)) left.put(p.pid, p);
        if (left.isEmpty()) return;
        List<String> names = new ArrayList<>();
        for (ManagedProcess p : left.values()) names.add(p.name() + " (" + p.pid + ")");
        log.log(LogLevel.CRITICAL, "sending the stop signal to the process groups of " + String.join(", ", names)
                + "; SIGKILL to any still there after its stopwaitsecs");
        long start = clock.getAsLong();
        for (ManagedProcess p : left.values()) signalGroup(p, Signals.number(p.config().stopsignal()));
        while (!left.isEmpty()) {
            Set<Integer> alive = groupsAlive();
            long now = clock.getAsLong();
            for (Iterator<ManagedProcess> it = left.values().iterator(); it.hasNext(); ) {
                ManagedProcess p = it.next();
                if (alive != null && !alive.contains(p.pid)) {
                    it.remove();
                } else if (now - start >= Transitions.secs(p.config().stopwaitsecs())) {
                    log.log(LogLevel.CRITICAL, "killing the process group of '" + p.name() + "' (" + p.pid + ") with SIGKILL");
                    signalGroup(p, SIGKILL);
                    it.remove();
                }
            }
            if (!left.isEmpty()) Thread.sleep(20);
        }
    }

    private void signalGroup(ManagedProcess p, int sig) {
        try {
            ProcessSignals.killGroup(p.pid, sig);
        } catch (PosixException e) {
            log.log(LogLevel.CRITICAL, "couldn't signal the process group of " + p.name() + ": " + e.getMessage());
        }
    }

    /** Returns the process groups with a live member, or null if /proc cannot tell (then each waits its whole time). */
    private static Set<Integer> groupsAlive() {
        try {
            return ProcessGroups.withLiveMembers();
        } catch (IOException e) {
            return null;
        }
    }

    private void stopAll(ProcessTable.Group g, long now) {
        List<String> waiting = new ArrayList<>();
        for (ManagedProcess p : reversed(g.processes())) { // descending priority inside the group
            switch (p.state()) {
                case RUNNING, STARTING, UNKNOWN -> stop(p, now); // UNKNOWN: stopped too if its child is alive
                case BACKOFF -> Transitions.abandonRetries(p);
                case STOPPED, STOPPING, EXITED, FATAL -> p.setGoal(Goal.DOWN);
            }
            if (p.pid != 0) waiting.add(p.name());
        }
        if (!waiting.isEmpty()) log.log(LogLevel.INFO, "waiting for " + String.join(", ", waiting) + " to stop");
    }

    private List<GroupConfig> finishReplacements() {
        List<GroupConfig> ready = new ArrayList<>();
        boolean poolComingBack = poolStillStopping();
        for (Iterator<Map.Entry<String, Replacement>> it = replacements.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Replacement> r = it.next();
            ProcessTable.Group g = table.group(r.getKey());
            if (g != null && hasLiveChild(g.processes())) continue;
            // A program group comes back after the listener pools that are coming back too: its
            // PROCESS_GROUP_ADDED and first states must reach the new pool, as in supervisord, where the
            // pools (priority -1) are added first.
            boolean pool = r.getValue().with != null && r.getValue().with.isListenerPool();
            if (poolComingBack && !pool && r.getValue().with != null) continue;
            it.remove();
            if (g != null) {
                table.remove(r.getKey());
                for (ManagedProcess p : g.processes()) ChildLogs.closeQuietly(p, log);
            }
            if (r.getValue().with != null && !shuttingDown) ready.add(r.getValue().with);
        }
        return ready;
    }

    /** Returns true while a listener pool that a reload brings back still has a live child. */
    private boolean poolStillStopping() {
        for (Map.Entry<String, Replacement> r : replacements.entrySet()) {
            if (r.getValue().with == null || !r.getValue().with.isListenerPool()) continue;
            ProcessTable.Group g = table.group(r.getKey());
            if (g != null && hasLiveChild(g.processes())) return true;
        }
        return false;
    }

    private static boolean hasLiveChild(List<ManagedProcess> ps) {
        for (ManagedProcess p : ps) if (Transitions.holdsStopBack(p)) return true;
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
