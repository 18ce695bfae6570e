package org.supervisordj.config;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A section after supervisord's merge: every occurrence of the same header, in every file, folded
 * into one, the last value of a key winning.
 */
final class MergedSection {
    final String name;
    final Path file;
    final int line;
    private final Map<String, IniEntry> entries = new LinkedHashMap<>();

    MergedSection(IniSection first) {
        this.name = first.name();
        this.file = first.file();
        this.line = first.line();
    }

    /** Adds an occurrence; returns the entries it overrode so the caller can warn about them. */
    Map<IniEntry, IniEntry> merge(IniSection occurrence) {
        Map<IniEntry, IniEntry> overridden = new LinkedHashMap<>();
        for (IniEntry e : occurrence.entries()) {
            IniEntry old = entries.remove(e.key());
            if (old != null) overridden.put(old, e);
            entries.put(e.key(), e);
        }
        return overridden;
    }

    IniEntry get(String key) {
        return entries.get(key);
    }

    Collection<IniEntry> entries() {
        return entries.values();
    }

    /** The directory %(here)s means for values this section does not set. */
    String here() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? "/" : parent.toString();
    }

    /** A stand-in location for a value that comes from the defaults table. */
    IniEntry defaultAt(String key, String value) {
        return new IniEntry(key, value, file, line);
    }
}
