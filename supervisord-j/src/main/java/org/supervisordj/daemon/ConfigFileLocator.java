package org.supervisordj.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds the configuration file when {@code -c} is not given, in supervisord's search order. */
final class ConfigFileLocator {

    /** supervisord-j's packaged file first, then supervisord's own search path. */
    static final List<String> SEARCH_PATH = List.of(
            "/etc/supervisord-j/supervisord.conf", "supervisord.conf", "etc/supervisord.conf",
            "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf");

    private ConfigFileLocator() {
    }

    /** Returns the given file, or the first existing one on the search path, or null. */
    static Path locate(Path given) {
        if (given != null) return given;
        for (String candidate : SEARCH_PATH) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }
}
