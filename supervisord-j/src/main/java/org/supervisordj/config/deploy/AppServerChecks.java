package org.supervisordj.config.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

import org.supervisordj.config.Autorestart;
import org.supervisordj.config.ProgramConfig;

/**
 * deploy.W007–W010: app servers and proxies as a supervisor sees them. A server must stay in the
 * foreground (a daemonized one exits at once, and supervisord-j restarts it against its own copy),
 * must stop on the stop signal, and its worker processes must be stopped and killed with it.
 */
final class AppServerChecks {
    private static final Set<String> SERVERS = Set.of("gunicorn", "uwsgi", "uvicorn", "hypercorn", "daphne", "nginx",
            "apache2", "httpd", "redis-server", "memcached", "haproxy", "caddy");
    private static final Set<String> CELERY_SERVICES = Set.of("worker", "beat", "flower");
    private static final Set<String> CELERY_SINGLE_PROCESS_POOLS = Set.of("solo", "threads", "gevent", "eventlet");
    private static final Pattern NGINX_DAEMON_OFF = Pattern.compile("(^|[;{}\\s])daemon\\s+off\\s*;");
    private static final int MAX_CONFIG_BYTES = 1 << 20;

    private AppServerChecks() {
    }

    static void check(ProgramConfig c, String supervisordDirectory, Findings f) {
        AppCommand app = AppCommand.of(c.argv());
        String section = "program:" + c.program();
        String directory = c.directory() != null ? c.directory() : supervisordDirectory;
        if (hasWorkers(app) && !c.killasgroup()) {
            f.add(DeployCheck.W007, section, f.writtenOr(section, "stopasgroup", f.writtenOr(section, "killasgroup", "command")),
                    app.server() + " runs worker processes, but only its master is signalled: workers left behind by a crashed "
                            + "or killed master keep the port and the old code",
                    "stopasgroup=true (killasgroup=true follows)");
        }
        String daemonizes = daemonizes(app, directory);
        if (daemonizes != null) {
            f.add(DeployCheck.W008, section, "command", app.server() + " daemonizes itself (" + daemonizes + "): it forks into "
                            + "the background and its first process exits, so supervisord-j sees an exit, restarts it, and "
                            + "cannot stop the copy that runs",
                    fixForDaemonizing(app.server()));
        }
        if (app.server().equals("uwsgi") && c.stopsignal().equals("TERM") && !uwsgiDiesOnTerm(app, directory)) {
            f.add(DeployCheck.W009, section, f.writtenOr(section, "stopsignal", "command"), "uWSGI 2.0 (Debian's) treats SIGTERM as "
                            + "\"brutal reload\", not stop: every stop waits stopwaitsecs and ends in SIGKILL",
                    "add --die-on-term to the command (or die-on-term = true in its ini), or stopsignal=INT (uWSGI 2.1 stops on TERM)");
        }
        if (c.autorestart() == Autorestart.FALSE && isLongRunning(app)) {
            f.add(DeployCheck.W010, section, "autorestart", app.server() + " is a long-running server, but autorestart=false: "
                            + "after one crash it stays down until someone notices",
                    "autorestart=true (or remove the line: the default, unexpected, restarts it after a crash)");
        }
    }

    private static boolean isLongRunning(AppCommand app) {
        if (app.server().equals("celery")) return CELERY_SERVICES.stream().anyMatch(app::hasWord);
        return SERVERS.contains(app.server()) || app.server().startsWith("php-fpm");
    }

    private static boolean hasWorkers(AppCommand app) {
        return switch (app.server()) {
            case "gunicorn", "uwsgi" -> true; // a master and its forked workers, whatever the count
            case "uvicorn", "hypercorn" -> moreThanOne(app.value("--workers", "-w"));
            case "celery" -> app.hasWord("worker")
                    && !CELERY_SINGLE_PROCESS_POOLS.contains(String.valueOf(app.value("--pool", "-P")));
            default -> false;
        };
    }

    private static boolean moreThanOne(String count) {
        if (count == null) return false;
        try {
            return Integer.parseInt(count.strip()) > 1;
        } catch (NumberFormatException e) {
            return true; // %(ENV_X)s left unexpanded or a shell variable: assume several
        }
    }

    /** Returns how the server daemonizes itself, or null when it stays in the foreground. */
    private static String daemonizes(AppCommand app, String directory) {
        switch (app.server()) {
            case "gunicorn":
                return app.has("-D", "--daemon") ? "--daemon" : null;
            case "uwsgi":
                if (app.has("--daemonize", "--daemonize2", "-d")) return "--daemonize";
                String ini = uwsgiIni(app, directory);
                return ini != null && iniKey(ini, "daemonize|daemonize2") != null ? "daemonize in its ini file" : null;
            case "nginx":
                return nginxDaemonizes(app, directory);
            case "celery":
                return app.hasWord("multi") ? "celery multi" : app.has("--detach") ? "--detach" : null;
            default:
                return null;
        }
    }

    private static String fixForDaemonizing(String server) {
        return switch (server) {
            case "nginx" -> "add -g 'daemon off;' to the command, or daemon off; to the top of its configuration file";
            case "uwsgi" -> "remove --daemonize (and daemonize= from its ini): supervisord-j keeps it running and logs its output";
            case "celery" -> "run one celery worker per program, without --detach (numprocs= for several)";
            default -> "remove --daemon/-D: supervisord-j keeps it running and logs its output";
        };
    }

    /**
     * nginx is a daemon unless {@code daemon off;} is in its -g directives or its main configuration
     * file (-c, relative to -p when given, else Debian's /etc/nginx; default /etc/nginx/nginx.conf).
     * A file that cannot be read here gives no finding: check reports what it can see.
     */
    private static String nginxDaemonizes(AppCommand app, String directory) {
        String directives = app.value("-g");
        if (directives != null && NGINX_DAEMON_OFF.matcher(directives).find()) return null;
        String conf = app.value("-c");
        String prefix = app.value("-p");
        Path file;
        try {
            file = conf == null ? Path.of("/etc/nginx/nginx.conf") : resolve(prefix != null ? prefix : "/etc/nginx", conf, directory);
        } catch (InvalidPathException e) {
            return null;
        }
        String text = read(file);
        if (text == null) return null;
        String code = text.replaceAll("#[^\n]*", "");
        return NGINX_DAEMON_OFF.matcher(code).find() ? null : "no \"daemon off;\" in " + file + " nor in -g";
    }

    private static boolean uwsgiDiesOnTerm(AppCommand app, String directory) {
        if (app.has("--die-on-term")) return true;
        String ini = uwsgiIni(app, directory);
        String value = ini == null ? null : iniKey(ini, "die-on-term");
        return value != null && !value.matches("(?i)false|no|off|0");
    }

    /** The text of uWSGI's --ini file (or a positional *.ini argument), or null. */
    private static String uwsgiIni(AppCommand app, String directory) {
        String name = app.value("--ini");
        if (name == null) name = app.args().stream().filter(a -> a.endsWith(".ini") && !a.startsWith("-")).findFirst().orElse(null);
        try {
            return name == null ? null : read(resolve(directory, name, directory));
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The value of the first {@code key = value} line whose key matches, "" for a bare key, or null. */
    private static String iniKey(String ini, String keyPattern) {
        var m = Pattern.compile("(?m)^\\s*(?:" + keyPattern + ")\\s*(?:[=:]\\s*(.*?))?\\s*$").matcher(ini);
        return m.find() ? (m.group(1) == null ? "" : m.group(1)) : null;
    }

    private static Path resolve(String base, String name, String directory) {
        Path p = Path.of(name);
        if (p.isAbsolute()) return p;
        Path b = Path.of(base != null ? base : directory != null ? directory : "");
        return b.toAbsolutePath().resolve(p).normalize();
    }

    private static String read(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_CONFIG_BYTES) return null;
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null; // unreadable or not UTF-8: nothing to conclude
        }
    }
}
