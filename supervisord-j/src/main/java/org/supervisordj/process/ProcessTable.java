package org.supervisordj.process;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.supervisordj.config.GroupConfig;
import org.supervisordj.config.ProgramConfig;

/** The engine's processes by group and by pid, and supervisord's namespec lookup; engine thread only. */
final class ProcessTable {

    /** One group and its processes, the latter in start order (priority, then config order). */
    record Group(GroupConfig config, List<ManagedProcess> processes) {
    }

    private static final Comparator<Group> START_ORDER =
            Comparator.comparingInt((Group g) -> g.config().priority()).thenComparing(g -> g.config().name());

    private final Map<String, Group> groups = new TreeMap<>();
    private final Map<Integer, ManagedProcess> byPid = new HashMap<>();
    private final Map<ListenerChannel, ManagedProcess> byChannel = new java.util.IdentityHashMap<>();
    private java.util.function.Consumer<Group> removed = g -> { };

    /** Sets who hears of each group's removal (the engine publishes PROCESS_GROUP_REMOVED). */
    void onRemoved(java.util.function.Consumer<Group> listener) {
        this.removed = listener;
    }

    /** Adds {@code g} and returns its new processes in start order; a group of that name must not be present. */
    Group add(GroupConfig g) {
        if (groups.containsKey(g.name())) {
            // Replacing it here would strand its processes: live children no tick would ever stop.
            throw new IllegalStateException("group " + g.name() + " is already present");
        }
        List<ManagedProcess> ps = new ArrayList<>();
        for (ProgramConfig c : g.processes()) ps.add(new ManagedProcess(c));
        ps.sort(Comparator.comparingInt(p -> p.config().priority())); // stable: config order breaks ties
        Group group = new Group(g, List.copyOf(ps));
        groups.put(g.name(), group);
        return group;
    }

    /**
     * Makes group {@code name} {@code config} with {@code processes} in place, without the removal and
     * addition a reload's replacement makes: a rolling update swaps one process at a time. Every
     * process left out must have no live child.
     */
    Group swap(String name, GroupConfig config, List<ManagedProcess> processes) {
        List<String> configOrder = config.processes().stream().map(ProgramConfig::name).toList();
        List<ManagedProcess> ps = new ArrayList<>(processes);
        // As add(): priority, then config order; a process the new config drops (it is going) comes last.
        ps.sort(Comparator.comparingInt((ManagedProcess p) -> p.config().priority()).thenComparingInt(p -> {
            int i = configOrder.indexOf(p.config().name());
            return i < 0 ? Integer.MAX_VALUE : i;
        }));
        Group group = new Group(config, List.copyOf(ps));
        groups.put(name, group);
        return group;
    }

    /** Removes group {@code name}; its processes must have no live child. */
    Group remove(String name) {
        Group g = groups.remove(name);
        if (g != null) removed.accept(g);
        return g;
    }

    Group group(String name) {
        return groups.get(name);
    }

    /** Returns the groups in start order: ascending (priority, name). Stop order is the reverse. */
    List<Group> groupsInStartOrder() {
        List<Group> list = new ArrayList<>(groups.values());
        list.sort(START_ORDER);
        return list;
    }

    /** Returns every process, groups in start order, each group's processes in start order. */
    List<ManagedProcess> all() {
        List<ManagedProcess> all = new ArrayList<>();
        for (Group g : groupsInStartOrder()) all.addAll(g.processes());
        return all;
    }

    /** Remembers which process a listener run belongs to, while the run lasts. */
    void recordChannel(ListenerChannel channel, ManagedProcess p) {
        byChannel.put(channel, p);
    }

    /** Returns the process of a listener run that is not over, or null. */
    ManagedProcess byChannel(ListenerChannel channel) {
        return byChannel.get(channel);
    }

    void forgetChannel(ListenerChannel channel) {
        byChannel.remove(channel);
    }

    void recordPid(int pid, ManagedProcess p) {
        byPid.put(pid, p);
    }

    /** Returns and forgets the process that owned {@code pid}, or null. */
    ManagedProcess releasePid(int pid) {
        return byPid.remove(pid);
    }

    /**
     * Resolves a namespec in start order: {@code all}, {@code group:*} (or {@code group:}), {@code group:name},
     * or {@code name}, which means {@code name:name} or, as an extension, the whole group {@code name}.
     * Returns null when nothing matches.
     */
    List<ManagedProcess> resolve(String namespec) {
        if (namespec.equals("all")) return all();
        int colon = namespec.indexOf(':');
        String groupName = colon < 0 ? namespec : namespec.substring(0, colon);
        String processName = colon < 0 ? namespec : namespec.substring(colon + 1);
        Group g = groups.get(groupName);
        if (g == null) return null;
        if (processName.isEmpty() || processName.equals("*")) return g.processes();
        for (ManagedProcess p : g.processes()) {
            if (p.config().name().equals(processName)) return List.of(p);
        }
        return colon < 0 ? g.processes() : null;
    }
}
