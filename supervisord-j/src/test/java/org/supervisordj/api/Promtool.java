package org.supervisordj.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's prometheus package (promtool and the server), which the metrics tests run for real.
 * Outside CI a machine without it skips them, saying so; in CI (.ci/run installs it) it must be there.
 */
final class Promtool {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    private Promtool() {
    }

    /** Skips the test outside CI when {@code tool} is not installed; fails in CI, where it must be. */
    static Path require(Path tool) {
        boolean ci = System.getenv("CI") != null;
        if (ci && !Files.isExecutable(tool)) {
            throw new AssertionError(tool + " is missing: .ci/run installs Debian's prometheus package");
        }
        assumeTrue(Files.isExecutable(tool), tool + " is not installed (apt-get install prometheus)");
        return tool;
    }
}
