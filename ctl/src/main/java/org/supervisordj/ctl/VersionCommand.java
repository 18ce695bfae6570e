package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ctl version}: the client's version, then the daemon's when it can be reached
 * ({@code supervisord-j 0.1.0}). An unreachable daemon is noted on stderr and still exits 0:
 * the client's version was printed.
 */
@Command(name = "version", description = "Print ctl's version and, when reachable, the daemon's.")
final class VersionCommand extends ServerVerb implements Callable<Integer> {
    @Option(names = "--json", description = "Print {\"ctl\": version, \"daemon\": the API's daemon object or null}.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = server.out();
        if (!json) {
            out.println("ctl " + CtlVersion.current());
            out.flush();
        }
        Object daemon = null;
        try {
            ApiResponse answer = server.client().get("/daemon");
            if (answer.ok()) daemon = answer.json();
            else server.err().println("daemon: " + (answer.errorCode() == null ? "HTTP " + answer.status() : answer.errorCode()));
        } catch (CtlException e) {
            server.err().println("daemon: " + e.getMessage());
        }
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ctl", CtlVersion.current());
            body.put("daemon", daemon);
            out.println(Json.write(body));
        } else if (daemon instanceof Map) {
            out.println("supervisord-j " + ((Map<?, ?>) daemon).get("version"));
        }
        return ExitStatus.SUCCESS.code;
    }
}
