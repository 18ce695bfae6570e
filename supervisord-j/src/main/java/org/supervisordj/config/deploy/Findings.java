package org.supervisordj.config.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.supervisordj.config.IniEntry;
import org.supervisordj.config.Sources;

/** Collects findings, located through the sources; one per (check, section, key, message), as numprocs repeats them. */
final class Findings {
    private final Sources sources;
    private final Set<String> seen = new LinkedHashSet<>();
    private final List<Finding> all = new ArrayList<>();

    Findings(Sources sources) {
        this.sources = sources;
    }

    /** Records a finding at {@code key} of {@code section} (at the section header when the key is not written). */
    void add(DeployCheck check, String section, String key, String message, String fix) {
        if (!seen.add(check + "\0" + section + "\0" + key + "\0" + message)) return;
        IniEntry at = key == null ? sources.at(section, "") : sources.at(section, key);
        all.add(new Finding(check, at == null ? null : at.file(), at == null ? 0 : at.line(), section, key, message, fix));
    }

    /** Returns the key if the section writes it, else {@code fallback}: a finding points at the line to change. */
    String writtenOr(String section, String key, String fallback) {
        return sources.raw(section, key) != null ? key : fallback;
    }

    Sources sources() {
        return sources;
    }

    List<Finding> all() {
        return all;
    }
}
