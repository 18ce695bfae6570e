package org.supervisordj.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reload changes, at supervisord's granularity: whole groups. A group is changed when any of
 * its process records differs (records are value-equal), so "unchanged" means "keep it running".
 *
 * @param added   groups only in the new configuration, in start order
 * @param changed groups in both whose processes differ, in start order
 * @param removed groups only in the old configuration
 */
public record ConfigDiff(List<GroupConfig> added, List<GroupConfig> changed, List<GroupConfig> removed) {

    public ConfigDiff {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    /** Compares two configurations group by group. */
    public static ConfigDiff between(Configuration before, Configuration after) {
        Map<String, GroupConfig> old = byName(before.groups());
        Map<String, GroupConfig> now = byName(after.groups());
        List<GroupConfig> added = new ArrayList<>();
        List<GroupConfig> changed = new ArrayList<>();
        List<GroupConfig> removed = new ArrayList<>();
        for (GroupConfig g : after.groups()) {
            GroupConfig previous = old.get(g.name());
            if (previous == null) added.add(g);
            else if (!previous.equals(g)) changed.add(g);
        }
        for (GroupConfig g : before.groups()) {
            if (!now.containsKey(g.name())) removed.add(g);
        }
        return new ConfigDiff(added, changed, removed);
    }

    /** Returns true when applying the new configuration would change nothing. */
    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }

    /** Returns the names of groups in a list, for reports. */
    public static List<String> names(List<GroupConfig> groups) {
        return groups.stream().map(GroupConfig::name).toList();
    }

    private static Map<String, GroupConfig> byName(List<GroupConfig> groups) {
        Map<String, GroupConfig> m = new LinkedHashMap<>();
        for (GroupConfig g : groups) m.put(g.name(), g);
        return m;
    }
}
