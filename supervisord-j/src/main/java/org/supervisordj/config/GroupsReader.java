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
    private final Map<String, SocketConfig> socketsByUrl = new java.util.HashMap<>();

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
                MergedSection fcgiSection = sections.get("fcgi-program:" + program);
                if (programSection != null && fcgiSection != null) {
                    r.error("programs", "name " + program + " is ambiguous (exists as program and fcgi-program)");
                    continue;
                }
                if (fcgiSection != null) {
                    // supervisord 4.2.5 reads a grouped fcgi-program as a plain ProcessConfig: no socket at all.
                    r.warning("programs", "[fcgi-program:" + program + "] in a [group:x] runs without its socket, as in"
                            + " supervisord (its processes read /dev/null on fd 0); leave it out of the group to get it");
                    programSection = fcgiSection;
                }
                if (programSection == null) {
                    r.error("programs", "names unknown program " + program + " (no [program:" + program
                            + "] or [fcgi-program:" + program + "] section)");
                    continue;
                }
                grouped.add(programSection.name);
                processes.addAll(withSockets(programSection, groupName, programs.read(programSection, groupName), false));
            }
            groups.add(checked(new GroupConfig(groupName, priority, processes), s));
        }
        for (MergedSection s : sections.values()) {
            boolean fcgi = s.name.startsWith("fcgi-program:");
            if (!(s.name.startsWith("program:") || fcgi) || grouped.contains(s.name)) continue;
            String programName = s.name.substring(s.name.indexOf(':') + 1).strip();
            List<ProgramConfig> processes = withSockets(s, programName, programs.read(s, programName), fcgi);
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

    /** Adds the section's held sockets to its processes; none (problems recorded) when they are invalid. */
    private List<ProgramConfig> withSockets(MergedSection s, String groupName, List<ProgramConfig> processes, boolean fcgi) {
        if (processes.isEmpty()) return processes;
        SocketReader sockets = new SocketReader(s, problems, envNames, processes.get(0).program());
        String user = processes.get(0).user();
        SocketConfig fcgiSocket = fcgi ? sockets.fcgiSocket(user) : null;
        List<ListenSocket> listen = sockets.listenSockets(user);
        if (fcgi && fcgiSocket == null || listen == null) return List.of();
        if (fcgiSocket == null && listen.isEmpty()) return processes;
        List<SocketConfig> all = new ArrayList<>(listen.stream().map(ListenSocket::socket).toList());
        if (fcgiSocket != null) all.add(0, fcgiSocket);
        for (SocketConfig sc : all) {
            // One URL is one held socket: programs may share it, but not with different settings.
            SocketConfig other = socketsByUrl.putIfAbsent(sc.url(), sc);
            if (other != null && !other.equals(sc)) {
                problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, s.file, s.line, s.name, null,
                        sc.url() + " is held for another program with other socket_owner, socket_mode or socket_backlog"
                                + " settings; programs sharing a socket must agree on them"));
                return List.of();
            }
        }
        return processes.stream().map(p -> p.withSockets(fcgiSocket, listen)).toList();
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
