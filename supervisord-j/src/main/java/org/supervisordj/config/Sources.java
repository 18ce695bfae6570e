package org.supervisordj.config;

import java.util.Map;

/**
 * Where each value of a loaded configuration was written, for checks that point at a line (such as
 * {@code check --deploy}). Sections are merged as supervisord merges them: the last value wins.
 */
public final class Sources {
    private final Map<String, MergedSection> sections;

    Sources(Map<String, MergedSection> sections) {
        this.sections = Map.copyOf(sections);
    }

    /**
     * Returns the entry that set {@code key} in {@code section}, or a stand-in at the section header
     * (value null) when the key was not written; null when there is no such section.
     */
    public IniEntry at(String section, String key) {
        MergedSection s = sections.get(section);
        if (s == null) return null;
        IniEntry e = s.get(key);
        return e != null ? e : s.defaultAt(key, null);
    }

    /** Returns the value as written, before expansion, or null when the key was not written. */
    public String raw(String section, String key) {
        MergedSection s = sections.get(section);
        IniEntry e = s == null ? null : s.get(key);
        return e == null ? null : e.value();
    }
}
