package org.supervisordj.config;

import java.nio.file.Path;

/**
 * One {@code key = value} of an INI file, with where it came from.
 *
 * @param key   the option name, lower-cased as supervisord's parser does
 * @param value the value with inline comments removed and continuation lines joined by '\n'
 * @param file  the file it was read from
 * @param line  the 1-based line of the key
 */
public record IniEntry(String key, String value, Path file, int line) {

    /** Returns the directory {@code %(here)s} expands to for this value: its own file's directory. */
    public String here() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? "/" : parent.toString();
    }

    /** Returns "file:line" for messages. */
    public String where() {
        return file + ":" + line;
    }
}
