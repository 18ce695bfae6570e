package org.supervisordj.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads {@code [supervisord]} and adds its {@code environment=} to the ENV_X names, as supervisord does. */
final class SupervisordReader {
    private final ConfigLoader.Options options;
    private final Problems problems;

    SupervisordReader(ConfigLoader.Options options, Problems problems) {
        this.options = options;
        this.problems = problems;
    }

    /** Returns the section's record, or null if it has errors; {@code envNames} gains its environment. */
    SupervisordConfig read(MergedSection section, Map<String, Object> envNames) {
        SectionReader r = new SectionReader(section, problems);
        Integer minfds = r.typed("minfds", envNames, Datatypes::integer);
        Integer minprocs = r.typed("minprocs", envNames, Datatypes::integer);
        String directory = r.typed("directory", envNames, Datatypes::path);
        if (directory != null) {
            directory = HostChecks.expandUser(directory);
            if (!Files.isDirectory(Path.of(directory))) r.hostDependent("directory", "The directory named " + directory + " does not exist");
        }
        String user = r.typed("user", envNames, Datatypes::userName);
        if (user != null && !HostChecks.userExists(user)) r.hostDependent("user", "Invalid user name " + user);
        Integer umask = r.typed("umask", envNames, Datatypes::umask);
        String logfile = path(r, "logfile", envNames);
        Long logfileMaxbytes = r.typed("logfile_maxbytes", envNames, Datatypes::byteSize);
        Integer logfileBackups = r.typed("logfile_backups", envNames, Datatypes::integer);
        LogLevel loglevel = r.typed("loglevel", envNames, Datatypes::logLevel);
        String pidfile = path(r, "pidfile", envNames);
        String identifier = r.expanded("identifier", envNames);
        Boolean nodaemon = r.typed("nodaemon", envNames, Datatypes::bool);
        Boolean silent = r.typed("silent", envNames, Datatypes::bool);
        String childlogdir = r.isSet("childlogdir") ? r.typed("childlogdir", envNames, Datatypes::path) : defaultTempDir();
        if (childlogdir != null) {
            childlogdir = absolute(HostChecks.expandUser(childlogdir));
            if (!Files.isDirectory(Path.of(childlogdir))) {
                r.hostDependent("childlogdir", "The directory named " + childlogdir + " does not exist");
            }
        }
        Boolean nocleanup = r.typed("nocleanup", envNames, Datatypes::bool);
        Boolean stripAnsi = r.typed("strip_ansi", envNames, Datatypes::bool);
        Boolean logTimestamps = r.typed("log_timestamps", envNames, Datatypes::bool);
        Boolean jsonLog = r.typed("logformat", envNames, SupervisordReader::isJsonFormat);
        // supervisord 4.2.5 expands environment= twice, so %% cannot produce a literal % here.
        String envOnce = r.expanded("environment", envNames);
        String envText = envOnce == null ? null : r.expandValue("environment", envOnce, envNames);
        Map<String, String> environment = envText == null ? null : r.convert("environment", envText,
                text -> EnvironmentParser.parse(text, msg -> r.warning("environment", msg)));
        if (environment != null) environment.forEach((k, v) -> envNames.put("ENV_" + k, v));
        if (r.failed()) return null;
        return new SupervisordConfig(logfile, logfileMaxbytes, logfileBackups, loglevel, pidfile, umask, nodaemon,
                silent, minfds, minprocs, nocleanup, childlogdir, user, directory, stripAnsi, environment, identifier,
                logTimestamps, jsonLog);
    }

    /** logformat= (extension): text, supervisord's lines, or json, one object per line. */
    private static Boolean isJsonFormat(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("logformat must be text or json, not '" + text + "'");
        };
    }

    /** supervisord's existing_dirpath, then made absolute against the working directory as realize() does. */
    private String path(SectionReader r, String key, Map<String, Object> envNames) {
        String value = r.typed(key, envNames, Datatypes::path);
        if (value == null) return null;
        if (value.equals("syslog")) return value;
        value = HostChecks.expandUser(value);
        if (!HostChecks.parentDirectoryExists(absolute(value))) {
            r.hostDependent(key, "The directory named as part of the path " + value + " does not exist");
        }
        return absolute(value);
    }

    private String absolute(String path) {
        return options.cwd().resolve(path).normalize().toString();
    }

    /** Python's tempfile.gettempdir(): TMPDIR, TEMP, TMP, then /tmp. */
    private String defaultTempDir() {
        for (String var : new String[] {"TMPDIR", "TEMP", "TMP"}) {
            String v = options.environment().get(var);
            if (v != null && !v.isEmpty() && Files.isDirectory(Path.of(v))) return v;
        }
        return "/tmp";
    }
}
