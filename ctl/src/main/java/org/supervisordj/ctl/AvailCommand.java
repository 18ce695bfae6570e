package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ctl avail}: supervisorctl's {@code name in use|avail auto|manual group_prio:process_prio}
 * table, from {@code GET /config}: every program the files declare now, those a reread would add
 * marked {@code avail}.
 */
@Command(name = "avail", description = "Display all configured processes.")
final class AvailCommand extends ServerVerb implements Callable<Integer> {
    @Option(names = "--json", description = "Print the API's JSON ({\"processes\": [...]}).")
    boolean json;

    @Override
    public Integer call() {
        ApiResponse answer = server.client().get("/config").orFail();
        PrintWriter out = server.out();
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("processes", answer.list("processes"));
            out.println(Json.write(body));
            return ExitStatus.SUCCESS.code;
        }
        for (Object o : answer.list("processes")) {
            if (!(o instanceof Map)) continue;
            Map<?, ?> info = (Map<?, ?>) o;
            String name = ResultPrinter.namespec(String.valueOf(info.get("group")), String.valueOf(info.get("name")));
            out.println(String.format("%-32s %-9s %-9s %s:%s", name,
                    Boolean.TRUE.equals(info.get("inuse")) ? "in use" : "avail",
                    Boolean.TRUE.equals(info.get("autostart")) ? "auto" : "manual",
                    number(info.get("group_prio")), number(info.get("process_prio"))));
        }
        return ExitStatus.SUCCESS.code;
    }

    // JSON numbers may parse as doubles: 999, not 999.0.
    private static String number(Object n) {
        return n instanceof Number ? String.valueOf(((Number) n).longValue()) : String.valueOf(n);
    }
}
