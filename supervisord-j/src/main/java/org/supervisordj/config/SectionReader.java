package org.supervisordj.config;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the options of one merged section: fetches the value or its default, applies supervisord's
 * % expansion (with %(here)s of the file the value came from), converts it, and turns every failure
 * into a located problem instead of an exception.
 */
final class SectionReader {
    private final MergedSection section;
    private final Problems problems;
    private final Map<String, String> defaults;
    private boolean failed;

    SectionReader(MergedSection section, Problems problems) {
        this.section = section;
        this.problems = problems;
        Map<String, String> known = Defaults.keysOf(section.name);
        this.defaults = known == null ? Map.of() : known;
    }

    String sectionName() {
        return section.name;
    }

    /** Returns true if any option of this section failed; the section's record must not be built. */
    boolean failed() {
        return failed;
    }

    /** Returns true if the section sets the key itself. */
    boolean isSet(String key) {
        return section.get(key) != null;
    }

    /** The entry for a key, or a stand-in at the section header when the default applies. */
    IniEntry entry(String key) {
        IniEntry e = section.get(key);
        return e != null ? e : section.defaultAt(key, defaults.get(key));
    }

    /** The unexpanded value or the default; null when neither exists. */
    String raw(String key) {
        IniEntry e = section.get(key);
        return e != null ? e.value() : defaults.get(key);
    }

    /** The value expanded once with {@code names} plus %(here)s; null when unset without default. */
    String expanded(String key, Map<String, ?> names) {
        return expandValue(key, raw(key), names);
    }

    /** Expands an arbitrary text as if it were the value of {@code key} (for supervisord's second passes). */
    String expandValue(String key, String text, Map<String, ?> names) {
        if (text == null) return null;
        IniEntry at = entry(key);
        Map<String, Object> withHere = new HashMap<>(names);
        withHere.put("here", section.get(key) != null ? at.here() : section.here());
        String expanded;
        try {
            expanded = Expander.expand(text, withHere);
        } catch (IllegalArgumentException e) {
            error(key, (Secrets.isSecret(key) ? "format string " : "format string '" + Limits.quoted(text) + "' ")
                    + e.getMessage());
            return null;
        }
        if (expanded != text && !problems.takeExpanded(expanded.length())) {
            error(key, "% expansions produce more than " + (Limits.EXPANDED_CHARS >> 20) + " MiB of text in all"
                    + " (numprocs multiplies every per-process value)");
            return null;
        }
        return expanded;
    }

    /** Expands then converts; records the converter's message as an error and returns null on failure. */
    <T> T typed(String key, Map<String, ?> names, Function<String, T> converter) {
        String text = expanded(key, names);
        if (text == null) return null;
        return convert(key, text, converter);
    }

    <T> T convert(String key, String text, Function<String, T> converter) {
        try {
            return converter.apply(text);
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return null;
        }
    }

    /** Converts text that belongs to the section header itself, such as the name in [program:name]. */
    <T> T convertHeader(String text, Function<String, T> converter) {
        try {
            return converter.apply(text);
        } catch (IllegalArgumentException e) {
            failed = true;
            problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, section.file, section.line, section.name,
                    null, e.getMessage()));
            return null;
        }
    }

    void error(String key, String message) {
        failed = true;
        problems.error(entry(key), section.name, message);
    }

    void warning(String key, String message) {
        problems.warning(entry(key), section.name, message);
    }

    void hostDependent(String key, String message) {
        int before = problems.errorCount();
        problems.hostDependent(entry(key), section.name, message);
        if (problems.errorCount() > before) failed = true;
    }
}
