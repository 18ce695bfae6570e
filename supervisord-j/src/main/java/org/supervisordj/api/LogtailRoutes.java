package org.supervisordj.api;

import java.nio.file.Files;
import java.nio.file.Path;

import org.supervisordj.config.ProgramConfig;
import org.supervisordj.config.SupervisordConfig;
import org.supervisordj.process.Engine;
import org.supervisordj.process.ProcessInfo;

/**
 * supervisord's streaming paths, which supervisorctl uses besides /RPC2: {@code GET
 * /logtail/{namespec}[/stdout|/stderr]} ({@code tail -f}) and {@code GET /mainlogtail}
 * ({@code maintail -f}): the last 1024 bytes, then whatever is appended. A name, stream or log
 * that does not exist is 404, as there.
 */
final class LogtailRoutes {

    private final Engine engine;
    private final LogRoutes logs;

    LogtailRoutes(Engine engine, LogRoutes logs) {
        this.engine = engine;
        this.logs = logs;
    }

    void register(Router router) {
        router.add("GET", "/logtail/{namespec}", ex -> process(ex, true))
                .add("GET", "/logtail/{namespec}/stdout", ex -> process(ex, true))
                .add("GET", "/logtail/{namespec}/stderr", ex -> process(ex, false))
                .add("GET", "/mainlogtail", this::mainlog);
    }

    private void process(Exchange ex, boolean stdout) {
        ProcessInfo p = resolve(ex.namespec);
        String file = stdout ? p.stdoutLogfile() : p.stderrLogfile();
        ProgramConfig c = ex.hooks().current().programs().stream()
                .filter(pc -> pc.group().equals(p.group()) && pc.name().equals(p.name())).findFirst().orElse(null);
        int backups = c == null ? 10 : stdout ? c.stdout().backups() : c.stderr().backups();
        logs.tailFollow(ex, existing(file, p.namespec() + " has no " + (stdout ? "stdout" : "stderr") + " log file yet"),
                backups);
    }

    private void mainlog(Exchange ex) {
        SupervisordConfig c = ex.hooks().current().supervisord();
        String file = "syslog".equals(c.logfile()) ? null : c.logfile();
        logs.tailFollow(ex, existing(file, "the daemon has no log file"), c.logfileBackups());
    }

    // supervisord's split_namespec: "web" is web:web, "g:p" is p of g; a group alone names no log.
    private ProcessInfo resolve(String spec) {
        int colon = spec.indexOf(':');
        String group = colon < 0 ? spec : spec.substring(0, colon);
        String name = colon < 0 ? spec : spec.substring(colon + 1);
        return engine.snapshot().stream().filter(p -> p.group().equals(group) && p.name().equals(name)).findFirst()
                .orElseThrow(() -> new ApiException(ApiFault.NOT_FOUND, "no such process: '" + Namespecs.printable(spec) + "'"));
    }

    private static Path existing(String file, String otherwise) {
        if (file == null || file.isEmpty() || !Files.isRegularFile(Path.of(file))) {
            throw new ApiException(ApiFault.NOT_FOUND, otherwise);
        }
        return Path.of(file);
    }
}
