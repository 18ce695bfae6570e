package org.supervisordj.config.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.supervisordj.config.ProgramConfig;

/**
 * deploy.W001 (a secret written in {@code environment=}) and deploy.W002 (an environment file
 * other users may read). A configuration file is read by many (backups, git, {@code check --json},
 * support tickets); an environment file can be root's alone. Values are never shown.
 */
final class SecretChecks {
    // A name is secret-looking when one of its _-separated words says so: DB_PASSWORD, DJANGO_SECRET_KEY, GITHUB_TOKEN.
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)(^|_)(PASSWORD|PASSWD|PASS|SECRET|TOKEN|APIKEY|API_KEY|PRIVATE_KEY|ACCESS_KEY|AUTH_KEY|CREDENTIALS?|DSN)(_|$)");
    // scheme://user:password@host: the password of a DATABASE_URL, a broker URL, a Sentry DSN.
    private static final Pattern URL_PASSWORD = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/@:\\s]*:[^/@\\s]+@");

    private SecretChecks() {
    }

    static void check(ProgramConfig c, Findings f) {
        String section = "program:" + c.program();
        inline(section, c.environment(), f);
        if (c.environmentFile() != null) readable(section, c.environmentFile(), f);
    }

    static void checkSupervisord(Map<String, String> environment, Findings f) {
        inline("supervisord", environment, f);
    }

    private static void inline(String section, Map<String, String> environment, Findings f) {
        String raw = f.sources().raw(section, "environment");
        if (raw == null) return;
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (value.isEmpty() || fromDaemonEnvironment(raw, name)) continue;
            boolean secretName = SECRET_NAME.matcher(name).find();
            if (!secretName && !URL_PASSWORD.matcher(value).find()) continue;
            f.add(DeployCheck.W001, section, "environment", name + (secretName ? " looks like a secret" : " holds a URL with a password")
                            + " and is written in the configuration file, where every reader of the file (and of its backups) sees it",
                    "move " + name + " to an environment_file=" + (section.equals("supervisord") ? " of each program" : "")
                            + " readable by root only (chmod 600), or take it from the daemon's environment with %(ENV_"
                            + name + ")s");
        }
    }

    /** True when the value is taken from the daemon's environment (%(ENV_X)s) rather than written here. */
    private static boolean fromDaemonEnvironment(String raw, String name) {
        return Pattern.compile("(^|[\\s,])" + Pattern.quote(name) + "\\s*=\\s*[\"']?%\\(ENV_").matcher(raw).find();
    }

    private static void readable(String section, String file, Findings f) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return; // a missing file is check's error, not a deploy finding
        }
        if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            f.add(DeployCheck.W002, section, "environment_file", file + " is " + (perms.contains(PosixFilePermission.OTHERS_WRITE)
                            ? "writable" : "readable") + " by every user on this host; it holds the program's secrets",
                    "chmod 600 " + file + " (supervisord-j reads it as root at each start)");
        }
    }
}
