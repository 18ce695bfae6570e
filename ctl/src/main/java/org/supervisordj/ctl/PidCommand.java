package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ctl pid}: the daemon's pid; {@code ctl pid name...}: each process's pid (0 when it is not
 * running, which exits 7); {@code ctl pid all}: every process's pid, one a line.
 */
@Command(name = "pid", description = "Print the daemon's pid, or the pids of the named processes (all: every one).")
final class PidCommand extends ServerVerb implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "NAMESPEC", description = "name, group:name, group:* or all")
    List<String> namespecs = new ArrayList<>();

    @Option(names = "--json", description = "Print the API's JSON (the daemon object, or {\"processes\": [...]}).")
    boolean json;

    @Override
    public Integer call() {
        ApiClient client = server.client();
        PrintWriter out = server.out();
        if (namespecs.isEmpty()) {
            ApiResponse daemon = client.get("/daemon").orFail();
            out.println(json ? Json.write(daemon.json()) : String.valueOf(daemon.object().get("pid")));
            return ExitStatus.SUCCESS.code;
        }
        List<String> targets = namespecs.contains("all") ? List.of("all") : namespecs;
        ExitStatus status = ExitStatus.SUCCESS;
        List<Object> shown = new ArrayList<>();
        for (String namespec : targets) {
            String path = namespec.equals("all") ? "/processes" : "/processes/" + ApiClient.segment(namespec);
            ApiResponse answer = client.get(path);
            if ("BAD_NAME".equals(answer.errorCode())) {
                server.err().println("No such process " + namespec);
                status = ExitStatus.GENERIC;
                continue;
            }
            for (Object o : answer.orFail().list("processes")) {
                shown.add(o);
                Object pid = o instanceof Map ? ((Map<?, ?>) o).get("pid") : null;
                if (!json) out.println(pid);
                // supervisorctl: a named process that is not running is exit 7; "all" is not judged.
                if (!namespec.equals("all") && (pid == null || Long.valueOf(0).equals(pid))) {
                    status = ExitStatus.NOT_RUNNING;
                }
            }
        }
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("processes", shown);
            out.println(Json.write(body));
        }
        return status.code;
    }
}
