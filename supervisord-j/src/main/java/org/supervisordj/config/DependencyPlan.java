package org.supervisordj.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code depends_on=} graph of a configuration, by namespec: what each process needs before it
 * starts, and who needs it. A name in {@code depends_on} is a group (all its processes), a program
 * (all its numprocs) or a {@code group:name} namespec. The configuration check refuses unknown names
 * and cycles ({@link #check}), so a loaded configuration's graph is acyclic.
 */
public final class DependencyPlan {

    /** A plan without any dependency. */
    public static final DependencyPlan EMPTY = new DependencyPlan(Map.of());

    private final Map<String, List<String>> needs;      // namespec -> namespecs it depends on
    private final Map<String, List<String>> neededBy;   // namespec -> namespecs depending on it

    private DependencyPlan(Map<String, List<String>> needs) {
        this.needs = needs;
        Map<String, List<String>> by = new LinkedHashMap<>();
        needs.forEach((p, deps) -> deps.forEach(d -> by.computeIfAbsent(d, k -> new ArrayList<>()).add(p)));
        this.neededBy = by;
    }

    /** Builds the plan of {@code programs}; names that match nothing are left out (check reports them). */
    public static DependencyPlan of(Collection<ProgramConfig> programs) {
        Map<String, List<String>> needs = new LinkedHashMap<>();
        for (ProgramConfig c : programs) {
            if (c.health().dependsOn().isEmpty()) continue;
            Set<String> deps = new LinkedHashSet<>();
            for (String name : c.health().dependsOn()) deps.addAll(resolve(name, programs));
            needs.put(c.namespec(), List.copyOf(deps));
        }
        return needs.isEmpty() ? EMPTY : new DependencyPlan(needs);
    }

    /** Returns the namespecs {@code namespec} depends on directly. */
    public List<String> needs(String namespec) {
        return needs.getOrDefault(namespec, List.of());
    }

    /** Returns the namespecs that depend directly on {@code namespec}. */
    public List<String> neededBy(String namespec) {
        return neededBy.getOrDefault(namespec, List.of());
    }

    /** Returns true when no process declares a dependency. */
    public boolean isEmpty() {
        return needs.isEmpty();
    }

    /**
     * Orders group names so that a group comes before every group depending on it; groups with no
     * dependency between them keep {@code startOrder} (supervisord's priority order).
     */
    public List<String> groupStartOrder(List<String> startOrder, Map<String, String> groupOfNamespec) {
        if (needs.isEmpty()) return startOrder;
        Map<String, Set<String>> groupNeeds = new LinkedHashMap<>();
        needs.forEach((p, deps) -> {
            String g = groupOfNamespec.get(p);
            for (String d : deps) {
                String dg = groupOfNamespec.get(d);
                if (g != null && dg != null && !dg.equals(g)) groupNeeds.computeIfAbsent(g, k -> new LinkedHashSet<>()).add(dg);
            }
        });
        List<String> out = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        for (String g : startOrder) place(g, groupNeeds, placed, out, new LinkedHashSet<>(), Set.copyOf(startOrder));
        return out;
    }

    private static void place(String g, Map<String, Set<String>> groupNeeds, Set<String> placed, List<String> out,
                              Set<String> visiting, Set<String> known) {
        if (placed.contains(g) || !known.contains(g) || !visiting.add(g)) return; // a group-level cycle: keep priority order
        for (String d : groupNeeds.getOrDefault(g, Set.of())) place(d, groupNeeds, placed, out, visiting, known);
        placed.add(g);
        out.add(g);
    }

    /** Returns the namespecs {@code name} (a group, a program or a namespec) stands for; empty when none. */
    static List<String> resolve(String name, Collection<ProgramConfig> programs) {
        List<String> out = new ArrayList<>();
        int colon = name.indexOf(':');
        for (ProgramConfig c : programs) {
            boolean match = colon >= 0
                    ? c.group().equals(name.substring(0, colon))
                        && (name.substring(colon + 1).equals("*") || c.name().equals(name.substring(colon + 1)))
                    : c.group().equals(name) || c.program().equals(name);
            if (match) out.add(c.namespec());
        }
        return out;
    }

    /**
     * Reports each {@code depends_on} name that matches no program, group or process, and each cycle,
     * at the {@code depends_on} line of the program that closes it.
     */
    static void check(Map<String, MergedSection> sections, List<GroupConfig> groups, Problems problems) {
        List<ProgramConfig> programs = groups.stream().flatMap(g -> g.processes().stream()).toList();
        Map<String, ProgramConfig> byNamespec = new LinkedHashMap<>();
        for (ProgramConfig c : programs) byNamespec.put(c.namespec(), c);
        Set<String> reportedPrograms = new LinkedHashSet<>();
        for (ProgramConfig c : programs) {
            if (!reportedPrograms.add(c.program())) continue; // numprocs copies share one line
            for (String name : c.health().dependsOn()) {
                if (resolve(name, programs).isEmpty()) {
                    error(sections, c, problems, "depends_on names '" + Limits.quoted(name)
                            + "', which is no program, group or process");
                }
            }
        }
        DependencyPlan plan = of(programs);
        Set<String> done = new LinkedHashSet<>();
        Set<String> cycleReported = new LinkedHashSet<>();
        for (String start : byNamespec.keySet()) {
            List<String> cycle = findCycle(start, plan, done, new ArrayList<>());
            if (cycle != null) {
                done.addAll(cycle); // one report per cycle, not one per member
                ProgramConfig closer = byNamespec.get(cycle.get(cycle.size() - 2));
                if (cycleReported.add(closer.program())) {
                    error(sections, closer, problems, "depends_on makes a cycle: " + String.join(" -> ", cycle));
                }
            }
        }
    }

    private static List<String> findCycle(String at, DependencyPlan plan, Set<String> done, List<String> path) {
        if (done.contains(at)) return null;
        int seen = path.indexOf(at);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(at);
            return cycle;
        }
        path.add(at);
        for (String d : plan.needs(at)) {
            List<String> cycle = findCycle(d, plan, done, path);
            if (cycle != null) return cycle;
        }
        path.remove(path.size() - 1);
        done.add(at);
        return null;
    }

    private static void error(Map<String, MergedSection> sections, ProgramConfig c, Problems problems, String message) {
        MergedSection s = sections.get("program:" + c.program());
        if (s == null) return;
        IniEntry at = s.get("depends_on");
        problems.error(at != null ? at : s.defaultAt("depends_on", null), s.name, message);
    }
}
