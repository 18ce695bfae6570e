package org.supervisordj.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a configuration is unusable; carries every error and warning found, not only the first. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().filter(ConfigProblem::isError).map(ConfigProblem::toString)
                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** Returns errors and warnings in the order found. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
