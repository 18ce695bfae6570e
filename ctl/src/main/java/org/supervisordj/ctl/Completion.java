package org.supervisordj.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * supervisorctl's tab completion: the first word (and help's argument) from the verbs, add/remove/update's
 * from the group names, the process verbs' from the namespecs ({@code name}, or {@code group:name}
 * and {@code group:*} for groups of several); the daemon is asked once per line edited.
 */
final class Completion {
    private static final Set<String> GROUP_VERBS = Set.of("add", "remove", "update");
    private static final Set<String> PROCESS_VERBS = Set.of("clear", "fg", "pid", "restart", "signal", "start", "status",
            "stop", "tail");

    private final Supplier<List<Map<?, ?>>> processes;
    private List<Map<?, ?>> cached;

    Completion(Supplier<List<Map<?, ?>>> processes) {
        this.processes = processes;
    }

    /** Forgets the daemon's processes: the next completion asks again (a new line is being edited). */
    void reset() {
        cached = null;
    }

    /** The candidates for the word being typed, {@code text}, after the words before it. */
    List<String> candidates(List<String> before, String text) {
        if (before.isEmpty() || before.get(0).equals("help") && before.size() == 1) return matching(Shell.VOCABULARY, text);
        String verb = before.get(0);
        List<String> names = new ArrayList<>();
        if (GROUP_VERBS.contains(verb)) {
            for (Map<?, ?> p : infos()) if (!names.contains(String.valueOf(p.get("group")))) names.add(String.valueOf(p.get("group")));
        } else if (PROCESS_VERBS.contains(verb)) {
            for (Map<?, ?> p : infos()) {
                String group = String.valueOf(p.get("group"));
                String name = String.valueOf(p.get("name"));
                if (text.contains(":") || !name.equals(group)) {
                    names.add(group + ":" + name);
                    if (!names.contains(group + ":*")) names.add(group + ":*");
                } else {
                    names.add(name);
                }
            }
            if (!before.contains("all")) names.add("all");
        }
        return matching(names, text);
    }

    private List<Map<?, ?>> infos() {
        if (cached == null) cached = processes.get();
        return cached;
    }

    private static List<String> matching(List<String> words, String text) {
        return words.stream().filter(w -> w.startsWith(text)).toList();
    }
}
