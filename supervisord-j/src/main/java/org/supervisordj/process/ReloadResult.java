package org.supervisordj.process;

import java.util.List;

/** Group names added, changed and removed by a reload, supervisord's {@code reloadConfig} shape. */
public record ReloadResult(List<String> added, List<String> changed, List<String> removed) {
    public ReloadResult {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }
}
