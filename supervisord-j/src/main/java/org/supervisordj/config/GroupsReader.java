package org.supervisordj.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the process groups: each {@code [group:x]} takes its listed programs, every other
 * {@code [program:x]} forms a group of its own, as supervisord's process_groups_from_parser does.
 */
final class GroupsReader {
    private final ProgramReader programs;
    private final Problems problems;
    private final Map<String, Object> envNames;
    private final ConfigLoader.Options options;

    GroupsReader(ProgramReader programs, Problems problems, Map<String, Object> envNames, ConfigLoader.Options options) {
        this.programs = programs;
        this.problems = problems;
        this.envNames = envNames;
        this.options = options;
    }

    List<GroupConfig> read(Map<String, MergedSection> sections) {
        List<GroupConfig> groups = new ArrayList<>();
        Set<String> grouped = new HashSet<>();
        Map<String, MergedSection> groupSections = new LinkedHashMap<>();
        for (MergedSection s : sections.values()) {
            if (s.name.startsWith("group:")) groupSections.put(s.name, s);
        }
        for (MergedSection s : groupSections.values()) {
            SectionReader r = new SectionReader(s, problems);
            String groupName = r.convertHeader(s.name.substring("group:".length()), Datatypes::processOrGroupName);
            Map<String, Object> names = new java.util.HashMap<>(envNames);
            names.put("host_node_name", options.hostNodeName());
            String list = r.expanded("programs", names);
            Integer priority = r.typed("priority", names, Datatypes::integer);
            if (list == null && !r.failed()) r.warning("programs", "no programs= given; the group is empty");
            if (groupName == null || r.failed()) continue;
            List<ProgramConfig> processes = new ArrayList<>();
            for (String program : Datatypes.listOfStrings(list)) {
                MergedSection programSection = sections.get("program:" + program);
                if (sections.containsKey("fcgi-program:" + program)) {
                    r.warning("programs", "[fcgi-program:" + program + "] is not supported yet; left out of the group");
                    continue;
                }
                if (programSection == null) {
                    r.error("programs", "names unknown program " + program + " (no [program:" + program + "] section)");
                    continue;
                }
                grouped.add(programSection.name);
                processes.addAll(programs.read(programSection, groupName));
            }
            groups.add(checked(new GroupConfig(groupName, priority, processes), s));
        }
        for (MergedSection s : sections.values()) {
            if (!s.name.startsWith("program:") || grouped.contains(s.name)) continue;
            String programName = s.name.substring("program:".length()).strip();
            List<ProgramConfig> processes = programs.read(s, programName);
            if (processes.isEmpty()) continue;
            if (groupSections.containsKey("group:" + programName)) {
                problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, s.file, s.line, s.name, null,
                        "group name '" + programName + "' is used by both [group:" + programName + "] and [" + s.name
                                + "]; rename one or list the program in the group"));
                continue;
            }
            groups.add(checked(new GroupConfig(programName, processes.get(0).priority(), processes), s));
        }
        addListenerPools(sections, groups);
        groups.sort(Comparator.comparingInt(GroupConfig::priority).thenComparing(GroupConfig::name));
        return groups;
    }

    /** Adds each [eventlistener:x] pool; its name must not be another group's (supervisord would drop one silently). */
    private void addListenerPools(Map<String, MergedSection> sections, List<GroupConfig> groups) {
        EventListenerReader pools = new EventListenerReader(programs, problems, envNames);
        for (MergedSection s : sections.values()) {
            if (!s.name.startsWith("eventlistener:")) continue;
            GroupConfig pool = pools.read(s);
            if (pool == null) continue;
            if (groups.stream().anyMatch(g -> g.name().equals(pool.name()))) {
                problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, s.file, s.line, s.name, null,
                        "group name '" + pool.name() + "' is used by both this pool and another group; rename one"));
                continue;
            }
            groups.add(checked(pool, s));
        }
    }

    /** Two processes with one name in one group would share a namespec; supervisord-j refuses that. */
    private GroupConfig checked(GroupConfig group, MergedSection s) {
        Set<String> seen = new HashSet<>();
        for (ProgramConfig p : group.processes()) {
            if (!seen.add(p.name())) {
                problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, s.file, s.line, s.name, null,
                        "duplicate process name '" + p.name() + "' in group '" + group.name() + "'"));
            }
        }
        return group;
    }
}
