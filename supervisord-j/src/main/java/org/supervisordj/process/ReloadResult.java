package org.supervisordj.process;

import java.util.List;

import org.supervisordj.config.ConfigDiff;
import org.supervisordj.config.Configuration;

/** Group names added, changed and removed by a reload, supervisord's {@code reloadConfig} shape. */
public record ReloadResult(List<String> added, List<String> changed, List<String> removed) {
    public ReloadResult {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    /** Compares two configurations group by group: a group whose GroupConfig differs in any way is changed. */
    static ReloadResult between(Configuration before, Configuration after) {
        ConfigDiff diff = ConfigDiff.between(before, after);
        return new ReloadResult(ConfigDiff.names(diff.added()), ConfigDiff.names(diff.changed()),
                ConfigDiff.names(diff.removed()));
    }
}
