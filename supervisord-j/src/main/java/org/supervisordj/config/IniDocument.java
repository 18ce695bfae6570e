package org.supervisordj.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed INI file: its sections in file order and the syntax problems found while reading it.
 *
 * @param file     the file
 * @param sections every section occurrence, in file order (a repeated header appears twice)
 * @param problems syntax errors; the rest of the file was still read so all of them are reported
 */
public record IniDocument(Path file, List<IniSection> sections, List<ConfigProblem> problems) {
    public IniDocument {
        sections = List.copyOf(sections);
        problems = List.copyOf(problems);
    }
}
