package org.supervisordj.config.deploy;

import java.util.Set;

import org.supervisordj.config.ProgramConfig;
import org.supervisordj.posix.Users;

/**
 * deploy.W003: a program that will run as root without needing to. With no {@code user=} in the
 * program nor in {@code [supervisord]}, a program runs as the daemon's user, which is root under
 * the packaged systemd unit; a hole in a web app is then a hole in the host.
 */
final class PrivilegeChecks {
    /** Servers whose master needs root (ports below 1024, many users) and drops privileges itself. */
    private static final Set<String> DROP_THEMSELVES = Set.of("nginx", "apache2", "httpd", "haproxy", "sshd",
            "postfix", "master", "cron", "crond", "dockerd", "containerd", "squid", "dnsmasq", "openvpn", "rsyslogd",
            "exim4", "dovecot", "named", "unbound", "lighttpd", "caddy");

    private PrivilegeChecks() {
    }

    static void check(ProgramConfig c, String daemonUser, Findings f) {
        String user = c.user() != null ? c.user() : daemonUser;
        if (user != null && !isRoot(user)) return;
        AppCommand app = AppCommand.of(c.argv());
        if (DROP_THEMSELVES.contains(app.server()) || app.server().startsWith("php-fpm") || dropsByItself(app)) return;
        String section = "program:" + c.program();
        String why = c.user() != null ? "runs as root (user=" + c.user() + ")"
                : daemonUser != null ? "runs as root ([supervisord] user=" + daemonUser + ")"
                : "runs as root: no user= here or in [supervisord], so it runs as the daemon's user, root under systemd";
        f.add(DeployCheck.W003, section, f.writtenOr(section, "user", "command"), why
                        + "; a compromise of the program is then a compromise of the host",
                "set user= to an unprivileged account (e.g. user=www-data for a web app); deploy_skip=W003 if it really needs root");
    }

    /** gunicorn --user, uWSGI --uid and celery --uid switch user after start-up by themselves. */
    private static boolean dropsByItself(AppCommand app) {
        return switch (app.server()) {
            case "gunicorn" -> app.has("-u", "--user");
            case "uwsgi", "celery" -> app.has("--uid");
            default -> false;
        };
    }

    private static boolean isRoot(String user) {
        if (user.equals("root") || user.equals("0")) return true;
        Users.Account account = Users.lookup(user);
        return account != null && account.uid() == 0;
    }
}
