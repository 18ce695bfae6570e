package org.supervisordj.config;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shared corpus of real supervisord configs (../shared/corpus/supervisord-conf), laid out again
 * as in their repositories so relative includes and sibling files work, with drop-in files wrapped
 * in a small root config, as SOURCES.tsv describes they were checked.
 */
final class Corpus {

    /** One corpus file. {@code root} is what to load: the file itself, or its wrapper. */
    record Entry(String file, String repo, String path, String notes, Path root) {

        /** True for the files supervisord itself rejects for what they contain (not for this host). */
        boolean invalid() {
            return notes.contains("parse: REJECTS ->");
        }

        /** True for files only valid together with sibling files of their repository. */
        boolean needsSiblings() {
            return notes.contains("parse: standalone REJECTS");
        }
    }

    private static final List<Path> LOOKED_IN = new ArrayList<>();
    static final Path DIR = locate();

    /** Values for every %(ENV_X)s the corpus uses, as the reference run used them. */
    static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("BEANSTALK_HOST", "beanstalk"), Map.entry("BEANSTALK_PORT", "11300"),
            Map.entry("BEANSTALK_TUBE", "leads"), Map.entry("CELERY_BEAT_OPTIONS", ""),
            Map.entry("CELERY_MAIN_OPTIONS", "--concurrency 2"), Map.entry("FETCHMAIL_POLL", "300"),
            Map.entry("GRANIAN_APPLICATION", "weblate.wsgi:application"), Map.entry("GRANIAN_ARGS", ""),
            Map.entry("GRANIAN_INTERFACE", "wsgi"), Map.entry("GRANIAN_MODE_ARGS", ""),
            Map.entry("GRANIAN_SOCKET", "/run/granian.sock"), Map.entry("LOGLEVEL", "info"),
            Map.entry("MAX_WORKER_NUM", "4"), Map.entry("NUM_WORKERS_CACHE", "1"), Map.entry("NUM_WORKERS_DEFAULT", "2"),
            Map.entry("NUM_WORKERS_EMAIL", "1"), Map.entry("NUM_WORKERS_PRIO", "3"), Map.entry("NUM_WORKERS_UPDATE", "1"),
            Map.entry("NUM_WORKERS_X", "1"), Map.entry("POSTGREY_AUTO_WHITELIST_CLIENTS", "5"),
            Map.entry("POSTGREY_DELAY", "300"), Map.entry("POSTGREY_MAX_AGE", "35"),
            Map.entry("POSTGREY_TEXT", "Delayed by Postgrey"), Map.entry("QUEUES", "default"),
            Map.entry("SASLAUTHD_MECH_OPTIONS", ""), Map.entry("SEL_USER", "seluser"),
            Map.entry("SE_ENABLE_BROWSER_LEFTOVERS_CLEANUP", "true"), Map.entry("SE_SUPERVISORD_CHILD_LOG_DIR", "/tmp"),
            Map.entry("SE_SUPERVISORD_LOG_FILE", "/tmp/supervisord.log"), Map.entry("SE_SUPERVISORD_LOG_LEVEL", "info"),
            Map.entry("SE_SUPERVISORD_PID_FILE", "/tmp/supervisord.pid"), Map.entry("SE_VIDEO_INTERNAL_UPLOAD", "true"),
            Map.entry("STUNNEL", "false"), Map.entry("STUNNEL_CONFIG", "/etc/stunnel/stunnel.conf"),
            Map.entry("SUPERVISOR_PASSWORD", "secret"),
            Map.entry("SUPERVISOR_PHP_COMMAND", "/usr/bin/php -d variables_order=EGPCS /var/www/html/artisan serve"),
            Map.entry("SUPERVISOR_PHP_USER", "sail"), Map.entry("SUPERVISOR_USERNAME", "admin"),
            Map.entry("TFTPD_OPTS", ""), Map.entry("WEB_APP_PORT", "3000"), Map.entry("WEB_WORKERS", "2"),
            Map.entry("WORKERS", "2"), Map.entry("WORKERS_COUNT", "2"), Map.entry("HOME", "/root"),
            Map.entry("TMPDIR", "/tmp"), Map.entry("PATH", "/usr/local/bin:/usr/bin:/bin"));

    private static final Pattern SUPERVISORD_HEADER = Pattern.compile("(?m)^\\s*\\[supervisord\\]");

    private Corpus() {
    }

    /**
     * Skips the calling test, saying why, when the corpus is not here. It is not in git: it lives in the
     * project's shared directory, found as a "shared" directory beside the checkout or beside any of its
     * parents (../shared from the repository root).
     */
    static void assumePresent() {
        assumeTrue(DIR != null, "skipped: needs the real-world config corpus shared/corpus/supervisord-conf"
                + " (not in git; put the project's shared directory beside the checkout, as ../shared);"
                + " looked for " + LOOKED_IN);
    }

    private static Path locate() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            for (Path candidate : List.of(p.resolveSibling("shared").resolve("corpus/supervisord-conf"),
                    p.resolve("shared/corpus/supervisord-conf"))) {
                if (Files.isRegularFile(candidate.resolve("SOURCES.tsv"))) return candidate;
                if (candidate.isAbsolute() && !LOOKED_IN.contains(candidate)) LOOKED_IN.add(candidate);
            }
        }
        return null;
    }

    /** Copies every corpus file into {@code work} at its repository path and returns the entries. */
    static List<Entry> layOut(Path work) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(DIR.resolve("SOURCES.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) rows.add(line.split("\t", -1));
        }
        Map<String, Path> placed = new LinkedHashMap<>();
        for (String[] r : rows) {
            Path target = work.resolve(r[1].replace('/', '_')).resolve(r[2]);
            Files.createDirectories(target.getParent());
            Files.copy(DIR.resolve(r[0]), target);
            placed.put(r[0], target);
        }
        List<Entry> entries = new ArrayList<>();
        for (String[] r : rows) {
            Path file = placed.get(r[0]);
            Path root = file;
            String notes = r[4];
            boolean dropIn = !SUPERVISORD_HEADER.matcher(Files.readString(file)).find()
                    && (notes.contains("wrapper root") || notes.contains("standalone REJECTS ([group"));
            if (dropIn) {
                // Files valid only beside their siblings are included together with them.
                String include = notes.contains("standalone REJECTS") ? file.getParent() + "/*.conf" : file.toString();
                root = file.resolveSibling(file.getFileName() + ".root.conf");
                Files.writeString(root, "[supervisord]\nlogfile=" + work.resolve("corpus-supervisord.log") + "\npidfile="
                        + work.resolve("corpus-supervisord.pid") + "\n[include]\nfiles=" + include + "\n");
            }
            entries.add(new Entry(r[0], r[1], r[2], notes, root));
        }
        return entries;
    }
}
