package org.supervisordj.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.supervisordj.config.GroupConfig;
import org.supervisordj.config.ProgramConfig;

/**
 * One changed group brought to its new configuration a process at a time instead of stopped whole:
 * the processes the new configuration adds start first (a broken new configuration shows there before
 * any old process is touched), then each process whose settings changed is stopped and replaced by one
 * with the new settings, RUNNING before the next, then the processes it drops stop. Processes whose
 * settings did not change are kept as they are. The engine runs the steps ({@link RollingRestart}
 * chains them on its futures); this is the plan and whether it still holds. Engine thread only.
 */
final class RollingUpdate {

    enum Kind { ADD, REPLACE, REMOVE }

    final String group;
    final GroupConfig target;
    /** The steps by namespec, in the order they run. */
    final Map<String, Kind> steps = new LinkedHashMap<>();
    /** Set when a later reload or the shutdown took the group over: the roll ends at its next step. */
    boolean cancelled;

    RollingUpdate(ProcessTable.Group current, GroupConfig target) {
        this.group = target.name();
        this.target = target;
        Map<String, ProgramConfig> now = new LinkedHashMap<>();
        for (ManagedProcess p : current.processes()) now.put(p.config().name(), p.config());
        List<String> removed = new ArrayList<>(now.keySet());
        for (ProgramConfig c : target.processes()) {
            ProgramConfig before = now.get(c.name());
            if (before == null) steps.put(c.namespec(), Kind.ADD);
            removed.remove(c.name());
        }
        for (ProgramConfig c : sorted(target.processes())) {
            ProgramConfig before = now.get(c.name());
            if (before != null && !before.equals(c)) steps.put(c.namespec(), Kind.REPLACE);
        }
        java.util.Collections.reverse(removed); // stop order: the reverse of start order
        for (String name : removed) steps.put(now.get(name).namespec(), Kind.REMOVE);
    }

    /** The new settings of process {@code name}, or null when the new configuration drops it. */
    ProgramConfig targetOf(String name) {
        for (ProgramConfig c : target.processes()) if (c.name().equals(name)) return c;
        return null;
    }

    /** Whether group {@code g} may roll to {@code target}: event listener pools always stop whole. */
    static boolean rollable(ProcessTable.Group g, GroupConfig target) {
        return g != null && target != null && !g.config().isListenerPool() && !target.isListenerPool();
    }

    CompletableFuture<List<ProcessResult>> run(java.util.function.Function<String, CompletableFuture<ProcessResult>> step) {
        return RollingRestart.run("update", List.copyOf(steps.keySet()), step);
    }

    private static List<ProgramConfig> sorted(List<ProgramConfig> ps) {
        List<ProgramConfig> r = new ArrayList<>(ps);
        r.sort(java.util.Comparator.comparingInt(ProgramConfig::priority));
        return r;
    }
}
