package org.supervisordj.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.supervisordj.posix.SpawnException;
import org.supervisordj.posix.Spawner;
import org.supervisordj.posix.Users;

/**
 * What {@code check} adds to a load: the failures met only when the daemon acts, found now. A
 * Unix socket whose directory does not exist fails the daemon's start (bind), not the load. A
 * program would meet the rest at spawn (supervisord reports them as spawnerr, then FATAL), found
 * the way the spawner itself would meet them.
 * The command is resolved by the spawner's own code, on the PATH the child will get
 * (ChildLauncher's order: the daemon's environment, {@code [supervisord] environment=}, the
 * program's {@code environment=}, then its {@code environment_file}), relative to the directory it
 * will be started in.
 */
final class CommandChecks {
    private final ConfigLoader.Options options;
    private final Problems problems;
    private final Set<String> reported = new HashSet<>(); // numprocs instances share one line

    CommandChecks(ConfigLoader.Options options, Problems problems) {
        this.options = options;
        this.problems = problems;
    }

    void check(Map<String, MergedSection> sections, SupervisordConfig supervisord, List<GroupConfig> groups,
               HttpServerConfig unix) {
        if (unix != null && !HostChecks.parentDirectoryExists(unix.unixSocket())) {
            new SectionReader(sections.get("unix_http_server"), problems).hostDependent("file", "The directory named as "
                    + "part of the path " + unix.unixSocket() + " does not exist (the daemon could not create its socket)");
        }
        for (GroupConfig g : groups) {
            for (ProgramConfig c : g.processes()) {
                MergedSection section = sections.get((g.isListenerPool() ? "eventlistener:" : "program:") + c.program());
                if (section == null) continue;
                try {
                    check(new SectionReader(section, problems), c, supervisord);
                } catch (InvalidPathException e) {
                    // A path no file can have (a NUL in it): the loader's limits report it; nothing to look up.
                }
            }
        }
    }

    private void check(SectionReader r, ProgramConfig c, SupervisordConfig supervisord) {
        if (c.directory() != null && !Files.isDirectory(Path.of(c.directory()))) {
            report(r, "directory", "couldn't chdir to " + c.directory() + ": no such directory (the program could not start)");
            return; // the command would be resolved against a directory that is not there
        }
        String directory = c.directory() != null ? c.directory() : supervisord.directory();
        String resolved;
        try {
            resolved = Spawner.resolveCommand(c.argv().get(0), childPath(c, supervisord), directory);
        } catch (SpawnException e) {
            report(r, "command", e.getMessage() + " (the program could not start)");
            return;
        }
        Users.Account account = c.user() == null ? null : Users.lookup(c.user());
        if (account != null && account.uid() != 0) {
            String denied = deniedTo(Path.of(resolved), account);
            if (denied != null) report(r, "command", "user " + c.user() + " may not run " + resolved + ": " + denied
                    + " (the daemon resolves the command as root, then execs it as " + c.user() + ")");
        }
    }

    /**
     * Returns why {@code account} certainly cannot exec {@code file} (a directory on the way it may not
     * search, or the file's mode), or null when it can or when that depends on its supplementary groups.
     */
    private static String deniedTo(Path file, Users.Account account) {
        Path p = file.toAbsolutePath();
        for (Path dir = p.getParent(); dir != null; dir = dir.getParent()) {
            if (Boolean.FALSE.equals(mayExecute(dir, account))) return dir + " is not searchable by it";
        }
        return Boolean.FALSE.equals(mayExecute(p, account)) ? "it is not executable by that user" : null;
    }

    /** True, false, or null when unknown (group-executable by a group the account may belong to, or stat failed). */
    private static Boolean mayExecute(Path path, Users.Account account) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            int uid = (Integer) Files.getAttribute(path, "unix:uid");
            int gid = (Integer) Files.getAttribute(path, "unix:gid");
            if (uid == account.uid()) return (mode & 0100) != 0;
            if ((mode & 0010) != 0 && gid == account.gid()) return true;
            if ((mode & 0001) != 0) return true;
            return (mode & 0010) != 0 ? null : false;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The PATH the child is given, or null when it inherits none and the spawner falls back to its own. */
    private String childPath(ProgramConfig c, SupervisordConfig supervisord) {
        String path = options.environment().get("PATH");
        if (supervisord.environment().containsKey("PATH")) path = supervisord.environment().get("PATH");
        if (c.environment().containsKey("PATH")) path = c.environment().get("PATH");
        if (c.environmentFile() != null) {
            try {
                Map<String, String> fromFile = EnvironmentFile.read(Path.of(c.environmentFile()));
                if (fromFile.containsKey("PATH")) path = fromFile.get("PATH");
            } catch (IOException e) {
                // A missing file is reported by the reader; an unreadable one is the spawner's to report.
            }
        }
        return path;
    }

    private void report(SectionReader r, String key, String message) {
        if (reported.add(r.sectionName() + "\0" + key + "\0" + message)) r.hostDependent(key, message);
    }
}
