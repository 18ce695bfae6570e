package org.supervisordj.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.supervisordj.posix.Users;

/** Checks that depend on the host rather than the file: users and directories that must exist. */
final class HostChecks {

    private HostChecks() {
    }

    /**
     * Returns true if {@code user} names an account (or is a uid with one), looked up the way the
     * spawner will look it up, through the C library, so LDAP/sssd users count (supervisord's name_to_uid).
     */
    static boolean userExists(String user) {
        return Users.lookup(user) != null;
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
