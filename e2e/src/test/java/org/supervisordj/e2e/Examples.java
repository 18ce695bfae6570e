package org.supervisordj.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * conf.d/examples copied into a test's directory and made runnable there: the Django site writable by
 * the user its programs run as, fixed ports and /tmp paths replaced, a fresh 0600 environment file.
 */
final class Examples {

    private Examples() {
    }

    /**
     * Copies conf.d/examples/{@code name} to {@code to}/{@code name}, leaving out what a run produced
     * (collected static files, the database) and the secrets file, and returns the copy.
     */
    static Path copy(String name, Path to) throws IOException {
        // nginx's workers run as nobody: they must be able to reach the static files (JUnit makes @TempDir 0700).
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path example = Launchers.ROOT.resolve("conf.d/examples").resolve(name);
        Path copy = to.resolve(name);
        try (var files = Files.walk(example)) {
            for (Path src : files.toList()) {
                Path dst = copy.resolve(example.relativize(src).toString());
                if (Files.isDirectory(src)) Files.createDirectories(dst);
                else if (!src.toString().contains("collected-static") && !src.toString().contains("/site/var")
                        && !src.getFileName().toString().equals("django.env")) {
                    Files.copy(src, dst);
                }
            }
        }
        return copy;
    }

    /**
     * Makes the Django site in {@code django} (a copy of the django example) usable by the programs of
     * {@code confs}: as root, its writable directories belong to www-data (their user=); otherwise, since
     * only root can switch users, the programs run as the test's user. Writes a fresh django.env.
     */
    static void prepareSite(Path django, Path... confs) throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            for (String writable : List.of("site/collected-static", "site/var")) {
                Path d = Files.createDirectories(django.resolve(writable));
                Files.setOwner(d, d.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("www-data"));
            }
        } else {
            for (Path conf : confs) Files.writeString(conf, Files.readString(conf).replace("user=www-data\n", ""));
            Files.createDirectories(django.resolve("site/var"));
        }
        Path env = django.resolve("django.env");
        Files.writeString(env, "DJANGO_SECRET_KEY=e2e-" + System.nanoTime() + "\nDJANGO_ALLOWED_HOSTS=localhost,127.0.0.1\n"
                + "DJANGO_DEBUG=false\n");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
    }

    /** Replaces each key of {@code replacements} in {@code file}, failing if one is not there (the example changed). */
    static void rewrite(Path file, Map<String, String> replacements) throws IOException {
        String text = Files.readString(file);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            assertTrue(text.contains(r.getKey()), file + " no longer contains " + r.getKey());
            text = text.replace(r.getKey(), r.getValue());
        }
        Files.writeString(file, text);
    }

    /** A daemon configuration in {@code work} (log, pid file, control socket there) that includes {@code files}. */
    static Path daemonConfig(Path work, Path... files) throws IOException {
        StringBuilder include = new StringBuilder();
        for (Path f : files) include.append(include.isEmpty() ? "" : " ").append(f);
        Path config = work.resolve("supervisord.conf");
        Files.writeString(config, "[supervisord]\nlogfile=" + work.resolve("supervisord.log") + "\npidfile="
                + work.resolve("supervisord.pid") + "\nchildlogdir=" + work + "\n[unix_http_server]\nfile="
                + work.resolve("supervisord.sock") + "\n[include]\nfiles=" + include + "\n");
        return config;
    }
}
