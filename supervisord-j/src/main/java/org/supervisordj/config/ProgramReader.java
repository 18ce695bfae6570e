package org.supervisordj.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one {@code [program:x]} section into its process instances, in the order and with the
 * expansions supervisord 4.2 uses (options.py, _processes_from_section): options read before the
 * per-process loop see no %(process_num)d; those read inside it see it and the program's own
 * environment as ENV_ names.
 */
final class ProgramReader {
    private final Map<String, Object> envNames;
    private final String hostNodeName;
    private final Problems problems;

    /**
     * @param envNames     ENV_X names: the daemon's environment plus {@code [supervisord] environment=}
     * @param hostNodeName the value of %(host_node_name)s
     */
    ProgramReader(Map<String, Object> envNames, String hostNodeName, Problems problems) {
        this.envNames = envNames;
        this.hostNodeName = hostNodeName;
        this.problems = problems;
    }

    /** Returns the section's processes; empty if it has errors (they are recorded). */
    List<ProgramConfig> read(MergedSection section, String groupName) {
        SectionReader r = new SectionReader(section, problems);
        String programName = r.convertHeader(section.name.substring(section.name.indexOf(':') + 1),
                Datatypes::processOrGroupName);
        if (programName == null) return List.of();
        Map<String, Object> common = new HashMap<>(envNames);
        common.put("program_name", programName);
        common.put("host_node_name", hostNodeName);
        common.put("group_name", groupName);

        Integer priority = r.typed("priority", common, Datatypes::integer);
        Boolean autostart = r.typed("autostart", common, Datatypes::bool);
        Autorestart autorestart = r.typed("autorestart", common, Datatypes::autorestart);
        Integer startsecs = r.typed("startsecs", common, Datatypes::nonNegative);
        Integer startretries = r.typed("startretries", common, Datatypes::nonNegative);
        String stopsignal = r.typed("stopsignal", common, Datatypes::signal);
        Integer stopwaitsecs = r.typed("stopwaitsecs", common, Datatypes::nonNegative);
        Boolean stopasgroup = r.typed("stopasgroup", common, Datatypes::bool);
        Boolean killasgroup = r.isSet("killasgroup") ? r.typed("killasgroup", common, Datatypes::bool) : stopasgroup;
        List<Integer> exitcodes = r.typed("exitcodes", common, Datatypes::exitCodes);
        Boolean redirectStderr = r.typed("redirect_stderr", common, Datatypes::bool);
        Integer numprocs = r.typed("numprocs", common, Datatypes::integer);
        Integer numprocsStart = r.typed("numprocs_start", common, Datatypes::integer);
        String environmentText = r.raw("environment"); // expanded per process, like supervisord
        Long stdoutCapture = r.typed("stdout_capture_maxbytes", common, Datatypes::byteSize);
        Boolean stdoutEvents = r.typed("stdout_events_enabled", common, Datatypes::bool);
        Long stderrCapture = r.typed("stderr_capture_maxbytes", common, Datatypes::byteSize);
        Boolean stderrEvents = r.typed("stderr_events_enabled", common, Datatypes::bool);
        String serverurl = r.expanded("serverurl", common);
        if (serverurl != null && serverurl.strip().toUpperCase(Locale.ROOT).equals("AUTO")) serverurl = null;
        String user = r.typed("user", common, Datatypes::userName);
        if (user != null && !HostChecks.userExists(user)) r.hostDependent("user", "Invalid user name " + user);
        Integer umask = r.isSet("umask") ? r.typed("umask", common, Datatypes::umask) : null;
        RestartBackoff backoff = new RestartBackoff(
                orZero(r.typed("restart_backoff_initial_secs", common, Datatypes::nonNegative)),
                orZero(r.typed("restart_backoff_max_secs", common, Datatypes::nonNegative)),
                orZero(r.typed("restart_backoff_reset_secs", common, Datatypes::nonNegative)));
        String processName = r.convert("process_name", r.raw("process_name"), Datatypes::processOrGroupName);

        if (numprocs != null && numprocs < 1) r.error("numprocs", "numprocs must be >= 1: " + numprocs);
        if (numprocs != null && numprocs > Limits.PROCESSES) {
            r.error("numprocs", "numprocs must be <= " + Limits.PROCESSES + ": " + numprocs);
        } else if (numprocs != null && numprocs >= 1 && numprocsStart != null
                && (long) numprocsStart + numprocs - 1 > Integer.MAX_VALUE) {
            r.error("numprocs_start", "numprocs_start + numprocs - 1 must be <= " + Integer.MAX_VALUE);
        } else if (numprocs != null && numprocs >= 1 && !problems.takeProcesses(numprocs)) {
            r.error("numprocs", "more than " + Limits.PROCESSES + " processes in all programs together");
        }
        if (numprocs != null && numprocs > 1 && processName != null && !processName.contains("%(process_num)")) {
            r.error("process_name", "%(process_num) must be present within process_name when numprocs > 1"
                    + " (e.g. process_name=%(program_name)s_%(process_num)02d)");
        }
        if (Boolean.TRUE.equals(stopasgroup) && Boolean.FALSE.equals(killasgroup)) {
            r.error("killasgroup", "Cannot set stopasgroup=true and killasgroup=false");
        }
        // Even when an option above failed, go through one process so its own problems are reported too.
        int count = r.failed() || numprocs == null || numprocs < 1 ? 1 : numprocs;
        int first = numprocsStart == null ? 0 : numprocsStart;
        List<ProgramConfig> processes = new ArrayList<>();
        java.util.Set<String> checkedEnvironmentFiles = new java.util.HashSet<>();
        for (int num = first; num - first < count; num++) {
            Map<String, Object> names = new HashMap<>(common);
            names.put("process_num", num);
            names.put("numprocs", count);
            String envExpanded = r.expandValue("environment", environmentText, names);
            Map<String, String> environment = envExpanded == null ? null
                    : r.convert("environment", envExpanded, text -> EnvironmentParser.parse(text,
                            msg -> r.warning("environment", msg)));
            if (environment != null) environment.forEach((k, v) -> names.put("ENV_" + k, v));

            String directory = r.typed("directory", names, Datatypes::path);
            String environmentFile = r.typed("environment_file", names, Datatypes::path);
            if (environmentFile != null) {
                environmentFile = HostChecks.expandUser(environmentFile);
                // Once per file, not once per process: numprocs=8 sharing one file is one problem.
                if (checkedEnvironmentFiles.add(environmentFile)) checkEnvironmentFile(r, environmentFile);
            }
            HealthConfig health = HealthReader.read(r, names);
            StreamLogConfig stdout = readStream(r, "stdout", names, stdoutCapture, stdoutEvents);
            StreamLogConfig stderr = readStream(r, "stderr", names, stderrCapture, stderrEvents);
            String command = r.expanded("command", names);
            if (command == null && r.raw("command") == null) {
                r.error("command", "program section " + section.name + " does not specify a command");
            }
            List<String> argv = command == null ? null : r.convert("command", command, ProgramReader::argv);
            if (argv != null && argv.isEmpty()) r.error("command", "command is empty");
            String name = r.expandValue("process_name", processName, names);
            if (r.failed() || environment == null || stdout == null || stderr == null || argv == null || name == null
                    || health == null) {
                return List.of();
            }
            if (redirectStderr) {
                if (stderr.logfile().kind() == LogTarget.Kind.FILE) {
                    r.warning("stderr_logfile", "redirect_stderr=true but stderr_logfile has also been set to a "
                            + "filename, the filename has been ignored");
                }
                stderr = new StreamLogConfig(LogTarget.NONE, stderr.maxbytes(), stderr.backups(),
                        stderr.captureMaxbytes(), stderr.eventsEnabled(), stderr.syslog(), stderr.timestamps());
            }
            processes.add(new ProgramConfig(name, groupName, programName, num, numprocs, numprocsStart, command, argv,
                    priority, autostart, startsecs, startretries, autorestart, exitcodes, stopsignal, stopwaitsecs,
                    stopasgroup, killasgroup, user, redirectStderr, stdout, stderr, environment, directory, umask,
                    serverurl, backoff, environmentFile, null, List.of(), health)); // sockets: GroupsReader.withSockets
        }
        return processes;
    }

    private StreamLogConfig readStream(SectionReader r, String stream, Map<String, Object> names,
                                       Long captureMaxbytes, Boolean eventsEnabled) {
        String key = stream + "_logfile";
        LogTarget target = LogTarget.AUTO;
        boolean syslogFromTarget = false;
        if (r.isSet(key)) {
            // supervisord expands *_logfile twice (saneget, then per process); a literal % needs %%%%.
            String once = r.expanded(key, names);
            String value = once == null ? null : r.expandValue(key, once, names);
            if (value == null) return null;
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.equals("none") || lower.equals("off")) {
                target = LogTarget.NONE;
            } else if (lower.equals("auto")) {
                target = LogTarget.AUTO;
            } else if (lower.equals("syslog")) {
                r.warning(key, key + "=syslog is deprecated; use " + stream + "_syslog=true instead");
                target = LogTarget.NONE;
                syslogFromTarget = true;
            } else {
                String path = r.convert(key, HostChecks.expandUser(value), Datatypes::path);
                if (path == null) return null;
                if (!HostChecks.parentDirectoryExists(path)) {
                    r.hostDependent(key, "The directory named as part of the path " + value + " does not exist");
                }
                target = LogTarget.file(path);
            }
        }
        Integer backups = r.typed(key + "_backups", names, Datatypes::integer);
        Long maxbytes = r.typed(key + "_maxbytes", names, Datatypes::byteSize);
        Boolean syslog = r.typed(stream + "_syslog", names, Datatypes::bool);
        Boolean timestamps = r.isSet(key + "_timestamps") ? r.typed(key + "_timestamps", names, Datatypes::bool) : null;
        if (r.isSet(key + "_timestamps") && timestamps == null) return null;
        if (backups == null || maxbytes == null || syslog == null || captureMaxbytes == null || eventsEnabled == null) {
            return null;
        }
        if (target.kind() == LogTarget.Kind.AUTO && maxbytes == 0) {
            r.warning(key, "AUTO logging used for " + key + " without rollover, set maxbytes > 0 to avoid filling "
                    + "up filesystem unintentionally");
        }
        return new StreamLogConfig(target, maxbytes, backups, captureMaxbytes, eventsEnabled, syslog || syslogFromTarget,
                timestamps);
    }

    /** The file is read at each spawn; here only what can be known now is checked. Values are never shown. */
    private static void checkEnvironmentFile(SectionReader r, String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            r.hostDependent("environment_file", "environment file " + file + " does not exist");
        } else if (EnvironmentFile.isWorldReadable(path)) {
            r.warning("environment_file", file + " is readable by every user; it holds secrets: chmod 600 it");
        }
    }

    private static List<String> argv(String command) {
        if (command.indexOf('\0') >= 0) throw new IllegalArgumentException("command contains a NUL character");
        return Shlex.split(command);
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }
}
