package org.supervisordj.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.Datatypes;
import org.supervisordj.config.LogLevel;
import org.supervisordj.config.SupervisordConfig;

import picocli.CommandLine.Option;

/**
 * supervisord's command-line options for {@code [supervisord]} keys (ServerOptions in its options.py):
 * each given one replaces the file's value, at start and at every reread, with the same types. A flag
 * can only turn its key on, as in supervisord.
 */
final class ServerOverrides {

    @Option(names = {"-n", "--nodaemon"}, description = "run in the foreground (always the case; for compatibility)")
    boolean nodaemon;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "run as this user (or numeric uid)")
    String user;

    @Option(names = {"-m", "--umask"}, paramLabel = "UMASK", description = "umask for the daemon and its programs (e.g. 022)")
    String umask;

    @Option(names = {"-d", "--directory"}, paramLabel = "DIR", description = "directory the programs start in")
    String directory;

    @Option(names = {"-l", "--logfile"}, paramLabel = "FILE", description = "the daemon's log file")
    String logfile;

    @Option(names = {"-y", "--logfile_maxbytes"}, paramLabel = "BYTES", description = "rotate the log at this size (e.g. 50MB)")
    String logfileMaxbytes;

    @Option(names = {"-z", "--logfile_backups"}, paramLabel = "NUM", description = "number of rotated logs kept")
    String logfileBackups;

    @Option(names = {"-e", "--loglevel"}, paramLabel = "LEVEL", description = "critical, error, warn, info, debug, trace or blather")
    String loglevel;

    @Option(names = {"-j", "--pidfile"}, paramLabel = "FILE", description = "pid file")
    String pidfile;

    @Option(names = {"-i", "--identifier"}, paramLabel = "STR", description = "identifier of this supervisor (XML-RPC getIdentification)")
    String identifier;

    @Option(names = {"-q", "--childlogdir"}, paramLabel = "DIR", description = "directory of the programs' AUTO log files")
    String childlogdir;

    @Option(names = {"-k", "--nocleanup"}, description = "keep old AUTO child logs at start")
    boolean nocleanup;

    @Option(names = {"-a", "--minfds"}, paramLabel = "NUM", description = "file descriptors to have available at start")
    String minfds;

    @Option(names = "--minprocs", paramLabel = "NUM", description = "processes to have available at start")
    String minprocs;

    @Option(names = {"-t", "--strip_ansi"}, description = "strip ANSI escapes from child logs")
    boolean stripAnsi;

    @Option(names = {"-s", "--silent"}, description = "no log on stdout/stderr")
    boolean silent;

    /** Fails with supervisord's wording ("invalid value for -m 'x': …") on the first bad value. */
    void validate() {
        apply((SupervisordConfig) null);
    }

    /** Returns {@code c} with every given option in place of the file's value. */
    Configuration apply(Configuration c) {
        return new Configuration(c.files(), apply(c.supervisord()), c.groups(), c.unixServer(), c.inetServer(),
                c.supervisorctl(), c.warnings());
    }

    private SupervisordConfig apply(SupervisordConfig s) {
        String logfileValue = value("-l", logfile, ServerOverrides::existingDirpath);
        Long maxbytes = value("-y", logfileMaxbytes, Datatypes::byteSize);
        Integer backups = value("-z", logfileBackups, Datatypes::integer);
        LogLevel level = value("-e", loglevel, Datatypes::logLevel);
        String pid = value("-j", pidfile, ServerOverrides::existingDirpath);
        Integer mask = value("-m", umask, Datatypes::umask);
        Integer fds = value("-a", minfds, Datatypes::integer);
        Integer procs = value("--minprocs", minprocs, Datatypes::integer);
        String logdir = value("-q", childlogdir, ServerOverrides::existingDirectory);
        String userValue = value("-u", user, Datatypes::userName);
        String dir = value("-d", directory, ServerOverrides::existingDirectory);
        if (s == null) return null;
        return new SupervisordConfig(or(logfileValue, s.logfile()), or(maxbytes, s.logfileMaxbytes()),
                or(backups, s.logfileBackups()), or(level, s.loglevel()), or(pid, s.pidfile()), or(mask, s.umask()),
                nodaemon || s.nodaemon(), silent || s.silent(), or(fds, s.minfds()), or(procs, s.minprocs()),
                nocleanup || s.nocleanup(), or(logdir, s.childlogdir()), or(userValue, s.user()), or(dir, s.directory()),
                stripAnsi || s.stripAnsi(), s.environment(), or(identifier, s.identifier()),
                s.logTimestamps(), s.jsonLog());
    }

    private static <T> T or(T given, T fromFile) {
        return given != null ? given : fromFile;
    }

    private static <T> T value(String option, String text, Function<String, T> type) {
        if (text == null) return null;
        try {
            return type.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid value for " + option + " '" + text + "': " + e.getMessage());
        }
    }

    // supervisord's existing_dirpath: relative to the working directory, its directory must exist.
    private static String existingDirpath(String text) {
        Path p = Path.of(Datatypes.path(text)).toAbsolutePath().normalize();
        if (p.getParent() != null && !Files.isDirectory(p.getParent())) {
            throw new IllegalArgumentException("The directory named as part of the path " + p + " does not exist");
        }
        return p.toString();
    }

    private static String existingDirectory(String text) {
        Path p = Path.of(Datatypes.path(text)).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) throw new IllegalArgumentException(p + " is not an existing directory");
        return p.toString();
    }
}
