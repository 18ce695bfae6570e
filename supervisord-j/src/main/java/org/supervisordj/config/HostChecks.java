package org.supervisordj.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Checks that depend on the host rather than the file: users and directories that must exist. */
final class HostChecks {

    private HostChecks() {
    }

    /** Returns true if {@code user} is a name in /etc/passwd or a number (supervisord's name_to_uid). */
    static boolean userExists(String user) {
        if (user.matches("\\d+")) return true;
        try {
            for (String line : Files.readAllLines(Paths.get("/etc/passwd"))) {
                if (line.startsWith(user + ":")) return true;
            }
        } catch (IOException e) {
            return true; // cannot tell; spawning will say so precisely
        }
        return false;
    }

    /** supervisord's existing_dirpath: the directory part of a path (if any) must exist. */
    static boolean parentDirectoryExists(String path) {
        Path parent = Paths.get(path).getParent();
        return parent == null || Files.isDirectory(parent);
    }

    /** Expands a leading ~ as Python's os.path.expanduser does for the current user. */
    static String expandUser(String path) {
        if (path.equals("~") || path.startsWith("~/")) return System.getProperty("user.home") + path.substring(1);
        return path;
    }
}
