package org.supervisordj.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every option each section knows, with supervisord 4.2's default as text (it goes through the same
 * expansion and conversion as a configured value). The one place defaults live; a null default means
 * "not set". Used also to warn about unknown keys.
 */
final class Defaults {

    static final Map<String, String> SUPERVISORD = ordered(
            "logfile", "supervisord.log", "logfile_maxbytes", "50MB", "logfile_backups", "10",
            "loglevel", "info", "pidfile", "supervisord.pid", "umask", "022", "nodaemon", "false",
            "silent", "false", "minfds", "1024", "minprocs", "200", "nocleanup", "false",
            "childlogdir", null, "user", null, "directory", null, "strip_ansi", "false",
            "environment", "", "identifier", "supervisor",
            // supervisord-j extension: default of every [program:x] *_logfile_timestamps
            "log_timestamps", "false",
            // supervisord-j extension: text (supervisord's lines) or json (one object per line)
            "logformat", "text",
            // supervisord-j extension: silences check --deploy findings (docs/configuration.md)
            "deploy_skip", null);

    static final Map<String, String> PROGRAM = ordered(
            "command", null, "process_name", "%(program_name)s", "numprocs", "1", "numprocs_start", "0",
            "priority", "999", "autostart", "true", "startsecs", "1", "startretries", "3",
            "autorestart", "unexpected", "exitcodes", "0", "stopsignal", "TERM", "stopwaitsecs", "10",
            "stopasgroup", "false", "killasgroup", null, "user", null, "redirect_stderr", "false",
            "stdout_logfile", null, "stdout_logfile_maxbytes", "50MB", "stdout_logfile_backups", "10",
            "stdout_capture_maxbytes", "0", "stdout_events_enabled", "false", "stdout_syslog", "false",
            "stderr_logfile", null, "stderr_logfile_maxbytes", "50MB", "stderr_logfile_backups", "10",
            "stderr_capture_maxbytes", "0", "stderr_events_enabled", "false", "stderr_syslog", "false",
            "environment", "", "directory", null, "umask", null, "serverurl", null,
            // supervisord-j extensions (docs/configuration.md)
            "restart_backoff_initial_secs", "1", "restart_backoff_max_secs", "60",
            "restart_backoff_reset_secs", "60", "environment_file", null, "deploy_skip", null,
            "stdout_logfile_timestamps", null, "stderr_logfile_timestamps", null,
            // supervisord-j extensions: readiness, health checks, dependencies (HealthReader)
            "ready", "startsecs", "ready_timeout", "60", "watchdog_secs", "0", "healthcheck", null,
            "healthcheck_interval", "10", "healthcheck_timeout", "5", "healthcheck_fall", "3",
            "healthcheck_rise", "2", "healthcheck_action", "restart", "depends_on", null);

    /** [fcgi-program:x]: every program option plus the socket (supervisord's FastCGIGroupConfig). */
    static final Map<String, String> FCGI_PROGRAM = withSocketKeys(PROGRAM, "socket", null);

    /** {@code [eventlistener:x]}: every program option, plus the pool's own (priority is the pool's -1 when unset). */
    static final Map<String, String> EVENTLISTENER = withPoolOptions(PROGRAM);

    static final Map<String, String> GROUP = ordered("programs", null, "priority", "999");
    static final Map<String, String> INCLUDE = ordered("files", null);
    static final Map<String, String> UNIX_HTTP_SERVER = ordered(
            "file", null, "chmod", "0700", "chown", null, "username", null, "password", null, "deploy_skip", null);
    static final Map<String, String> INET_HTTP_SERVER = ordered("port", null, "username", null, "password", null,
            // supervisord-j extensions: TLS
            "certfile", null, "keyfile", null, "keystore", null, "keystore_password", null, "deploy_skip", null);
    static final Map<String, String> SUPERVISORCTL = ordered(
            "serverurl", "http://localhost:9001", "username", null, "password", null,
            "prompt", "supervisor", "history_file", null);

    /** Section kinds supervisord has that supervisord-j reads but does not run yet. */
    static final Set<String> UNSUPPORTED_PREFIXES = Set.of("rpcinterface:", "ctlplugin:");

    static final List<String> SECTION_NAMES = List.of("supervisord", "program:", "group:", "include",
            "inet_http_server", "unix_http_server", "supervisorctl", "eventlistener:", "fcgi-program:",
            "rpcinterface:", "ctlplugin:");

    private Defaults() {
    }

    /** Returns the known keys of a section, or null for a section kind whose keys are free-form. */
    static Map<String, String> keysOf(String section) {
        if (section.equals("supervisord")) return SUPERVISORD;
        if (section.startsWith("program:")) return PROGRAM_WITH_SOCKETS;
        if (section.startsWith("fcgi-program:")) return FCGI_PROGRAM;
        if (section.startsWith("eventlistener:")) return EVENTLISTENER;
        if (section.startsWith("group:")) return GROUP;
        if (section.equals("include")) return INCLUDE;
        if (section.equals("unix_http_server")) return UNIX_HTTP_SERVER;
        if (section.equals("inet_http_server")) return INET_HTTP_SERVER;
        if (section.equals("supervisorctl")) return SUPERVISORCTL;
        return null;
    }

    // A [program:x] may hold sockets too: listen_sockets= (extension), with supervisord's socket_* settings.
    private static final Map<String, String> PROGRAM_WITH_SOCKETS = withSocketKeys(PROGRAM, "listen_sockets", null);

    private static Map<String, String> withSocketKeys(Map<String, String> base, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put(key, value);
        m.put("socket_owner", null);
        m.put("socket_mode", null);
        m.put("socket_backlog", null);
        if (!key.equals("listen_sockets")) m.put("listen_sockets", null);
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, String> withPoolOptions(Map<String, String> program) {
        Map<String, String> m = new LinkedHashMap<>(program);
        m.put("events", null);
        m.put("buffer_size", "10");
        m.put("result_handler", ListenerPoolConfig.DEFAULT_HANDLER);
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }
}
