package org.supervisordj.config.deploy;

import java.nio.file.Path;

import org.supervisordj.config.ConfigProblem;

/**
 * One finding of {@code check --deploy}: where, what is wrong and how to fix it. Messages name
 * keys, never the values of secrets.
 *
 * @param check   which check found it
 * @param file    the file, or null when it is not tied to one
 * @param line    the 1-based line, or 0
 * @param section the section without brackets
 * @param key     the option, or null for the section as a whole
 * @param message what is wrong and why it matters
 * @param fix     what to change
 */
public record Finding(DeployCheck check, Path file, int line, String section, String key, String message, String fix) {

    /** Formats as {@code file:line: [section] key: (deploy.W003) message}, like check's other problems. */
    @Override
    public String toString() {
        return ConfigProblem.location(file, line, section, key).append('(').append(check.id()).append(") ")
                .append(message).toString();
    }
}
