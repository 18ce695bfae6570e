package org.supervisordj.process;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.supervisordj.config.Autorestart;
import org.supervisordj.config.Configuration;
import org.supervisordj.config.DependencyPlan;
import org.supervisordj.config.LogLevel;

/**
 * depends_on at run time: starts a process once its dependencies are met (holding it until then, with
 * the reason shown), pulls in what it needs, stops dependents before what they depend on, and orders
 * the shutdown. A dependency is met when it is RUNNING (which, with ready=, means ready), or for a
 * one-shot (autorestart=false) when it has exited with an expected code. Engine thread only; without
 * any depends_on every start goes straight to the spawn, as in supervisord.
 */
final class Dependencies {

    /** Why a start waits: the reason shown, and whether a dependency has failed (FATAL, a one-shot's bad exit). */
    record Hold(String reason, boolean failed) {
    }

    private final ProcessTable table;
    private final Children children;
    private final Stopping stopping;
    private final EngineLog log;
    private final Supplier<Configuration> config;
    private DependencyPlan plan = DependencyPlan.EMPTY;
    private Set<ManagedProcess> stopBatch = Set.of(); // the processes of the stop request being applied

    Dependencies(ProcessTable table, Children children, Stopping stopping, EngineLog log, Supplier<Configuration> config) {
        this.table = table;
        this.children = children;
        this.stopping = stopping;
        this.log = log;
        this.config = config;
    }

    /** Takes the graph of {@code config}; at boot and after each reload. */
    void use(Configuration config) {
        plan = DependencyPlan.of(config.programs());
    }

    /**
     * Starts {@code p} now if its dependencies are met, else holds it (STOPPED, goal UP) until they are;
     * first starts the dependencies that are not running or done, as {@code ctl start} of a program
     * pulls in what it needs. Automatic starts (autostart) leave a dependency that has already failed
     * alone, so that it holds its dependents with its reason; an explicit start tries it again.
     */
    void startOrHold(ManagedProcess p, boolean explicit, long now) {
        for (ManagedProcess q : needs(p)) {
            // A dependency with its own crash restart scheduled comes back by itself (after its restart_backoff).
            boolean idle = q.state().isStopped() && q.health.held == null && !met(q) && !(q.restartPending && !explicit);
            boolean failedBefore = q.state() == ProcessState.FATAL || (oneShot(q) && q.state() == ProcessState.EXITED);
            if (idle && (explicit || !failedBefore) && Transitions.start(q) == null) startOrHold(q, explicit, now);
        }
        Hold hold = holdOf(p);
        if (hold == null) {
            p.health.held = null;
            p.health.holdFailed = false;
            children.spawn(p, config.get(), now);
            return;
        }
        p.health.held = hold.reason();
        if (hold.failed() && !p.health.holdFailed) log.log(LogLevel.WARN, "not starting " + p.name() + ": " + hold.reason());
        p.health.holdFailed = hold.failed();
    }

    /**
     * Returns true when {@code p}'s crash restart (autorestart, now due) must wait for a dependency that
     * is not met, e.g. one that died with it and is restarting too: the restart becomes a hold (goal UP,
     * reason shown), which {@link #due} re-evaluates after every event, so the wait costs no wakeups.
     * A dependency's own restart is left to it, never hurried by its dependents.
     */
    boolean holdRestart(ManagedProcess p) {
        Hold hold = holdOf(p);
        if (hold == null) return false;
        p.restartPending = false;
        p.deadline = Long.MAX_VALUE;
        p.health.held = hold.reason();
        p.health.holdFailed = hold.failed();
        log.log(hold.failed() ? LogLevel.WARN : LogLevel.INFO, "not restarting " + p.name() + " yet: " + hold.reason());
        return true;
    }

    /**
     * After each tick: starts a held process whose dependencies are now met (or a restart after a failed
     * health check), and stops one whose dependents are down; returns true if it spawned (tick again).
     */
    boolean due(ManagedProcess p, boolean shuttingDown, long now) {
        if (p.health.stopAfterDependents && !dependentsUp(p, null)) {
            p.health.stopAfterDependents = false;
            stopping.stop(p, now);
        }
        return (p.health.held != null || p.health.restartDue) && startWhenDue(p, shuttingDown, now);
    }

    private boolean startWhenDue(ManagedProcess p, boolean shuttingDown, long now) {
        if (shuttingDown) {
            p.health.held = null;
            p.health.restartDue = false;
            return false;
        }
        if (p.health.restartDue) {
            if (p.state() != ProcessState.STOPPED) return false; // still stopping
            p.health.restartDue = false;
            p.restartCount++;
            p.setGoal(Goal.UP);
            startOrHold(p, false, now);
            return p.health.held == null;
        }
        if (p.goal() != Goal.UP || !p.state().isStopped()) {
            p.health.held = null;
            return false;
        }
        boolean wasFailed = p.health.holdFailed;
        startOrHold(p, false, now);
        if (p.health.held != null && p.health.holdFailed && !wasFailed) {
            p.refuseStartWaiters(Fault.SPAWN_ERROR, p.health.held);
        }
        return p.health.held == null;
    }

    /** Applies {@code stops} (a stop request of {@code batch}) so that dependents in it stop before their dependencies. */
    <T> T stoppingTogether(List<ManagedProcess> batch, Supplier<T> stops) {
        stopBatch = batch == null ? Set.of() : Set.copyOf(batch);
        try {
            return stops.get();
        } finally {
            stopBatch = Set.of();
        }
    }

    /**
     * Returns true when {@code p}'s stop must wait for its dependents in the same request: it is then
     * marked (goal DOWN) and stopped by {@link #due} once they are down.
     */
    boolean stopAfterDependents(ManagedProcess p) {
        if (!stopBatch.contains(p) || p.pid == 0 || !dependentsUp(p, stopBatch)) return false;
        p.setGoal(Goal.DOWN);
        p.health.stopAfterDependents = true;
        return true;
    }

    /** Returns true while a dependent of {@code p} (in {@code among}, or any being stopped when null) has a live child. */
    private boolean dependentsUp(ManagedProcess p, Set<ManagedProcess> among) {
        for (ManagedProcess q : dependents(p)) {
            if (q.pid != 0 && (among == null ? q.goal() == Goal.DOWN : among.contains(q))) return true;
        }
        return false;
    }

    /**
     * Returns the processes that depend on any of {@code named} (directly or through others), are not
     * among them, and are up or about to start (a live child, BACKOFF, a held start, a pending restart):
     * the ones a stop of {@code named} takes down first.
     */
    List<ManagedProcess> activeDependents(List<ManagedProcess> named) {
        Set<ManagedProcess> seen = new java.util.HashSet<>(named);
        List<ManagedProcess> out = new ArrayList<>();
        java.util.ArrayDeque<ManagedProcess> todo = new java.util.ArrayDeque<>(named);
        while (!todo.isEmpty()) {
            for (ManagedProcess q : dependents(todo.poll())) {
                if (!seen.add(q)) continue;
                todo.add(q);
                if (q.pid != 0 || q.state() == ProcessState.BACKOFF || q.health.held != null || q.restartPending
                        || q.health.restartDue) {
                    out.add(q);
                }
            }
        }
        return out;
    }

    /** Groups in the order the shutdown stops them: dependents before what they depend on, else reverse priority. */
    List<ProcessTable.Group> shutdownOrder() {
        List<ProcessTable.Group> start = table.groupsInStartOrder();
        Map<String, String> groupOf = new HashMap<>();
        Map<String, ProcessTable.Group> byName = new LinkedHashMap<>();
        for (ProcessTable.Group g : start) {
            byName.put(g.config().name(), g);
            for (ManagedProcess p : g.processes()) groupOf.put(p.config().namespec(), g.config().name());
        }
        List<ProcessTable.Group> order = new ArrayList<>();
        for (String name : plan.groupStartOrder(new ArrayList<>(byName.keySet()), groupOf)) order.add(byName.get(name));
        Collections.reverse(order);
        return order;
    }

    /** Returns the processes {@code p} depends on that are in the table. */
    private List<ManagedProcess> needs(ManagedProcess p) {
        return inTable(plan.needs(p.config().namespec()));
    }

    /** Returns the processes that depend directly on {@code p} and are in the table. */
    private List<ManagedProcess> dependents(ManagedProcess p) {
        return inTable(plan.neededBy(p.config().namespec()));
    }

    /** Returns the processes {@code namespecs} name that are in the table, in their order. */
    private List<ManagedProcess> inTable(List<String> namespecs) {
        if (namespecs.isEmpty()) return List.of();
        List<ManagedProcess> out = new ArrayList<>();
        for (String n : namespecs) {
            ManagedProcess q = find(n);
            if (q != null) out.add(q);
        }
        return out;
    }

    /** Returns null when every dependency of {@code p} is met, else what it waits for. */
    private Hold holdOf(ManagedProcess p) {
        List<String> names = plan.needs(p.config().namespec());
        Hold waiting = null;
        for (String n : names) {
            ManagedProcess q = find(n);
            if (q == null) return new Hold("waiting for " + n + ", which is not configured any more", true);
            if (met(q)) continue;
            Hold h = failed(q);
            if (h != null) return h;
            if (waiting == null) waiting = new Hold("waiting for " + n + " (" + q.state() + ")", false);
        }
        return waiting;
    }

    /** Returns true when {@code q} no longer holds its dependents back. */
    static boolean met(ManagedProcess q) {
        return oneShot(q) ? ProcessHealth.finished(q) : q.state() == ProcessState.RUNNING;
    }

    static boolean oneShot(ManagedProcess q) {
        return q.config().autorestart() == Autorestart.FALSE;
    }

    private static Hold failed(ManagedProcess q) {
        String n = q.config().namespec();
        if (q.state() == ProcessState.FATAL) {
            return new Hold("held: " + n + " is FATAL" + (q.spawnerr == null ? "" : " (" + q.spawnerr + ")"), true);
        }
        if (oneShot(q) && q.state() == ProcessState.EXITED) {
            return new Hold("held: " + n + " exited with status " + q.exitstatus + " (not expected)", true);
        }
        return null;
    }

    private ManagedProcess find(String namespec) {
        List<ManagedProcess> ps = table.resolve(namespec);
        if (ps == null) return null;
        for (ManagedProcess q : ps) if (q.config().namespec().equals(namespec)) return q;
        return null;
    }
}
