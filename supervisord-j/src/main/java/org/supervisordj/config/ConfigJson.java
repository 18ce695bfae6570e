package org.supervisordj.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved configuration as plain maps for JSON, keyed by supervisord's option names. This
 * shape is a contract: {@code check --json} prints it and the differential tests compare it with
 * what supervisord itself resolves. Passwords are never included; environment values are masked
 * ({@link Secrets#MASK}) unless the caller asks for them.
 */
public final class ConfigJson {

    private ConfigJson() {
    }

    /** Returns the configuration with environment values masked. */
    public static Map<String, Object> of(Configuration c) {
        return of(c, false);
    }

    /**
     * Returns {@code {"supervisord": ..., "programs": [...], "groups": [...], "warnings": [...]}}.
     *
     * @param showSecrets true to include environment values as they are (check --show-secrets)
     */
    public static Map<String, Object> of(Configuration c, boolean showSecrets) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("supervisord", supervisord(c.supervisord(), showSecrets));
        List<Object> programs = new ArrayList<>();
        for (ProgramConfig p : c.programs()) programs.add(program(p, showSecrets));
        root.put("programs", programs);
        List<Object> groups = new ArrayList<>();
        c.groups().stream().sorted(java.util.Comparator.comparing(GroupConfig::name)).forEach(g -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", g.name());
            m.put("priority", g.priority());
            m.put("programs", g.processes().stream().map(ProgramConfig::name).toList());
            if (g.isListenerPool()) {
                m.put("events", g.listener().events().stream().map(Enum::name).sorted().toList());
                m.put("buffer_size", g.listener().bufferSize());
                m.put("result_handler", g.listener().resultHandler());
            }
            groups.add(m);
        });
        root.put("groups", groups);
        if (c.unixServer() != null) root.put("unix_http_server", server(c.unixServer()));
        if (c.inetServer() != null) root.put("inet_http_server", server(c.inetServer()));
        if (c.supervisorctl() != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("serverurl", c.supervisorctl().serverurl());
            m.put("username", c.supervisorctl().username());
            m.put("password_set", c.supervisorctl().password() != null);
            m.put("prompt", c.supervisorctl().prompt());
            m.put("history_file", c.supervisorctl().historyFile());
            root.put("supervisorctl", m);
        }
        root.put("files", c.files().stream().map(Object::toString).toList());
        root.put("warnings", c.warnings().stream().map(ConfigProblem::toString).toList());
        return root;
    }

    private static Map<String, String> environment(Map<String, String> env, boolean showSecrets) {
        if (env == null || showSecrets) return env;
        Map<String, String> masked = new LinkedHashMap<>();
        env.forEach((k, v) -> masked.put(k, Secrets.MASK));
        return masked;
    }

    private static Map<String, Object> supervisord(SupervisordConfig s, boolean showSecrets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("logfile", s.logfile());
        m.put("logfile_maxbytes", s.logfileMaxbytes());
        m.put("logfile_backups", s.logfileBackups());
        m.put("loglevel", s.loglevel().configValue());
        m.put("pidfile", s.pidfile());
        m.put("umask", octal(s.umask()));
        m.put("nodaemon", s.nodaemon());
        m.put("silent", s.silent());
        m.put("minfds", s.minfds());
        m.put("minprocs", s.minprocs());
        m.put("nocleanup", s.nocleanup());
        m.put("childlogdir", s.childlogdir());
        m.put("user", s.user());
        m.put("directory", s.directory());
        m.put("strip_ansi", s.stripAnsi());
        m.put("log_timestamps", s.logTimestamps());
        m.put("logformat", s.jsonLog() ? "json" : "text");
        m.put("environment", environment(s.environment(), showSecrets));
        m.put("identifier", s.identifier());
        return m;
    }

    private static Map<String, Object> program(ProgramConfig p, boolean showSecrets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("group", p.group());
        m.put("program", p.program());
        m.put("process_num", p.processNum());
        m.put("numprocs", p.numprocs());
        m.put("numprocs_start", p.numprocsStart());
        m.put("command", p.command());
        m.put("argv", p.argv());
        m.put("priority", p.priority());
        m.put("autostart", p.autostart());
        m.put("startsecs", p.startsecs());
        m.put("startretries", p.startretries());
        m.put("autorestart", p.autorestart().configValue());
        m.put("exitcodes", p.exitcodes());
        m.put("stopsignal", p.stopsignal());
        m.put("stopwaitsecs", p.stopwaitsecs());
        m.put("stopasgroup", p.stopasgroup());
        m.put("killasgroup", p.killasgroup());
        m.put("user", p.user());
        m.put("redirect_stderr", p.redirectStderr());
        stream(m, "stdout", p.stdout());
        stream(m, "stderr", p.stderr());
        m.put("environment", environment(p.environment(), showSecrets));
        m.put("environment_file", p.environmentFile());
        m.put("directory", p.directory());
        m.put("umask", p.umask() == null ? null : octal(p.umask()));
        m.put("serverurl", p.serverurl() == null ? "AUTO" : p.serverurl());
        m.put("restart_backoff_initial_secs", p.restartBackoff().initialSecs());
        m.put("restart_backoff_max_secs", p.restartBackoff().maxSecs());
        m.put("restart_backoff_reset_secs", p.restartBackoff().resetSecs());
        if (p.fcgiSocket() != null) socket(m, p.fcgiSocket());
        if (!p.listenSockets().isEmpty()) {
            List<Object> listen = new ArrayList<>();
            for (ListenSocket l : p.listenSockets()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("name", l.name());
                socket(one, l.socket());
                listen.add(one);
            }
            m.put("listen_sockets", listen);
        }
        HealthConfig h = p.health();
        m.put("ready", h.ready() == null ? "startsecs" : h.ready().text());
        m.put("ready_timeout", h.readyTimeout());
        m.put("watchdog_secs", h.watchdogSecs());
        m.put("healthcheck", h.healthcheck() == null ? null : h.healthcheck().text());
        m.put("healthcheck_interval", h.interval());
        m.put("healthcheck_timeout", h.timeout());
        m.put("healthcheck_fall", h.fall());
        m.put("healthcheck_rise", h.rise());
        m.put("healthcheck_action", h.action().name().toLowerCase(java.util.Locale.ROOT));
        m.put("depends_on", h.dependsOn());
        return m;
    }

    // supervisord's names: what socket= and socket_owner/socket_mode/socket_backlog resolved to
    private static void socket(Map<String, Object> m, SocketConfig s) {
        m.put("socket", s.url());
        m.put("socket_backlog", s.backlog());
        m.put("socket_owner", s.ownerUid() == null ? null : List.of(s.ownerUid(), s.ownerGid()));
        m.put("socket_mode", s.mode() == null ? null : octal(s.mode()));
    }

    private static void stream(Map<String, Object> m, String prefix, StreamLogConfig s) {
        m.put(prefix + "_logfile", s.logfile().configValue());
        m.put(prefix + "_logfile_maxbytes", s.maxbytes());
        m.put(prefix + "_logfile_backups", s.backups());
        m.put(prefix + "_capture_maxbytes", s.captureMaxbytes());
        m.put(prefix + "_events_enabled", s.eventsEnabled());
        m.put(prefix + "_syslog", s.syslog());
        m.put(prefix + "_logfile_timestamps", s.timestamps());
    }

    private static Map<String, Object> server(HttpServerConfig s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (s.isUnix()) {
            m.put("file", s.unixSocket());
            m.put("chmod", octal(s.chmod()));
            m.put("chown", s.chown());
        } else {
            m.put("host", s.host());
            m.put("port", s.port());
        }
        m.put("username", s.username());
        m.put("password_set", s.password() != null);
        return m;
    }

    private static String octal(int mode) {
        return String.format("%03o", mode);
    }
}
