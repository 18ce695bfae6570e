package org.supervisordj.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.GroupConfig;

/** Group names added, changed and removed by a reload, supervisord's {@code reloadConfig} shape. */
public record ReloadResult(List<String> added, List<String> changed, List<String> removed) {
    public ReloadResult {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    /** Compares two configurations group by group: a group whose GroupConfig differs in any way is changed. */
    static ReloadResult between(Configuration before, Configuration after) {
        Map<String, GroupConfig> old = new HashMap<>();
        for (GroupConfig g : before.groups()) old.put(g.name(), g);
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (GroupConfig g : after.groups()) {
            GroupConfig was = old.remove(g.name());
            if (was == null) added.add(g.name());
            else if (!was.equals(g)) changed.add(g.name());
        }
        List<String> removed = new ArrayList<>(old.keySet());
        removed.sort(null);
        return new ReloadResult(added, changed, removed);
    }
}
