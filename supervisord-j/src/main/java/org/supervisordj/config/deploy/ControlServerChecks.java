package org.supervisordj.config.deploy;

import java.util.Locale;
import java.util.Set;

import org.supervisordj.config.HttpServerConfig;

/**
 * deploy.W004–W006: the control API starts, stops and reconfigures every program, as root. Who may
 * reach it is the whole of its security: TLS beyond loopback, a password worth the name, a socket
 * other users cannot connect to.
 */
final class ControlServerChecks {
    private static final int MIN_PASSWORD = 12;
    private static final Set<String> COMMON = Set.of("123", "1234", "12345", "123456", "password", "passw0rd", "changeme",
            "secret", "admin", "root", "supervisor", "supervisord", "pass", "test", "qwerty", "letmein", "default");

    private ControlServerChecks() {
    }

    static void inet(HttpServerConfig s, Findings f) {
        String section = "inet_http_server";
        boolean loopback = isLoopback(s.host());
        if (!loopback && s.tls() == null) {
            f.add(DeployCheck.W004, section, "port", "serves the control API over plain HTTP on "
                            + (s.host().isEmpty() ? "every interface" : s.host()) + ": the password and every command cross the network readable",
                    "add certfile= and keyfile= (or keystore=) for HTTPS, or listen on 127.0.0.1 and reach it through SSH");
        }
        if (!s.hasCredentials()) {
            if (loopback) {
                f.add(DeployCheck.W005, section, "port", "has no username/password: every local user (and every program, "
                                + "whatever its user=) can stop, start and reconfigure all programs",
                        "set username= and password= (a long random one, or {SHA} of it), or use [unix_http_server] with chmod=0700");
            }
            return;
        }
        String password = s.password();
        if (password.startsWith("{SHA}")) return; // strength unknown; at least not readable
        String why = COMMON.contains(password.toLowerCase(Locale.ROOT)) ? "is a common password"
                : password.equalsIgnoreCase(s.username()) ? "is the username"
                : password.length() < MIN_PASSWORD ? "is shorter than " + MIN_PASSWORD + " characters" : null;
        if (why != null) {
            f.add(DeployCheck.W005, section, "password", "the password " + why + "; it guards control of every program",
                    "use a long random password (e.g. openssl rand -base64 24), written as {SHA}<sha1 hex> if the file is widely readable");
        }
    }

    static void unix(HttpServerConfig s, Findings f) {
        if ((s.chmod() & 0002) == 0) return; // connect(2) on a Unix socket needs write permission
        f.add(DeployCheck.W006, "unix_http_server", f.writtenOr("unix_http_server", "chmod", "file"), "socket mode 0"
                        + Integer.toOctalString(s.chmod()) + " lets every local user connect, and so stop, start and reconfigure all programs",
                "chmod=0700 (root only), or chmod=0770 with chown=root:GROUP for the operators' group");
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }
}
