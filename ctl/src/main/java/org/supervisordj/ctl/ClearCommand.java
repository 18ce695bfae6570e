package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ctl clear name...|all}: empties processes' log files, {@code web: cleared} each. */
@Command(name = "clear", description = "Clear process' log files: clear <name> [...], or clear all.")
final class ClearCommand extends ServerVerb implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "name, group:name, or all")
    List<String> names;

    @Override
    public Integer call() {
        ApiClient client = server.client();
        PrintWriter out = server.out();
        ExitStatus status = ExitStatus.SUCCESS;
        for (String name : names.contains("all") ? List.of("all") : names) {
            ApiResponse answer = client.post("/processes/" + ApiClient.segment(name) + "/clear", null);
            List<Object> results = answer.json() instanceof Map ? answer.list("results") : List.of();
            if (results.isEmpty() && !answer.ok()) {
                if ("SHUTDOWN_STATE".equals(answer.errorCode())) answer.orFail();
                out.println(name + ": ERROR (" + ("BAD_NAME".equals(answer.errorCode()) ? "no such process" : "failed") + ")");
                status = ExitStatus.GENERIC;
            }
            for (Object o : results) {
                Map<?, ?> r = (Map<?, ?>) o;
                boolean ok = "OK".equals(r.get("status"));
                out.println(r.get("namespec") + ": " + (ok ? "cleared" : server.style().error() + " (failed)"));
                if (!ok) status = ExitStatus.GENERIC;
            }
            out.flush();
        }
        return status.code;
    }
}
