package org.supervisordj.config;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code [section]} occurrence in one file, entries in file order (duplicates kept).
 *
 * @param name    the header text, case kept (supervisord's section names are case-sensitive)
 * @param file    the file holding the header
 * @param line    the 1-based line of the header
 * @param entries the options of this occurrence, in file order
 */
public record IniSection(String name, Path file, int line, List<IniEntry> entries) {
    public IniSection {
        entries = List.copyOf(entries);
    }
}
