package org.supervisordj.process;

import java.util.ArrayList;
import java.util.List;

import org.supervisordj.config.Autorestart;
import org.supervisordj.config.Configuration;
import org.supervisordj.config.DependencyPlan;

/**
 * depends_on at run time: whether a process may start now, and if not, why. A dependency is met
 * when it is RUNNING (which, with ready=, means ready), or for a one-shot (autorestart=false) when it
 * has exited with an expected code. Engine thread only.
 */
final class Dependencies {

    /** Why a start waits: the reason shown, and whether a dependency has failed (FATAL, a one-shot's bad exit). */
    record Hold(String reason, boolean failed) {
    }

    private DependencyPlan plan = DependencyPlan.EMPTY;

    /** Takes the graph of {@code config}; at boot and after each reload. */
    void use(Configuration config) {
        plan = DependencyPlan.of(config.programs());
    }

    DependencyPlan plan() {
        return plan;
    }

    /** Returns the processes {@code p} depends on that are in the table. */
    List<ManagedProcess> needs(ManagedProcess p, ProcessTable table) {
        List<String> names = plan.needs(p.config().namespec());
        if (names.isEmpty()) return List.of();
        List<ManagedProcess> out = new ArrayList<>();
        for (String n : names) {
            ManagedProcess q = find(n, table);
            if (q != null) out.add(q);
        }
        return out;
    }

    /** Returns the processes that depend directly on {@code p} and are in the table. */
    List<ManagedProcess> dependents(ManagedProcess p, ProcessTable table) {
        List<String> names = plan.neededBy(p.config().namespec());
        if (names.isEmpty()) return List.of();
        List<ManagedProcess> out = new ArrayList<>();
        for (String n : names) {
            ManagedProcess q = find(n, table);
            if (q != null) out.add(q);
        }
        return out;
    }

    /** Returns null when every dependency of {@code p} is met, else what it waits for. */
    Hold holdOf(ManagedProcess p, ProcessTable table) {
        List<String> names = plan.needs(p.config().namespec());
        Hold waiting = null;
        for (String n : names) {
            ManagedProcess q = find(n, table);
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

    private static ManagedProcess find(String namespec, ProcessTable table) {
        List<ManagedProcess> ps = table.resolve(namespec);
        if (ps == null) return null;
        for (ManagedProcess q : ps) if (q.config().namespec().equals(namespec)) return q;
        return null;
    }
}
