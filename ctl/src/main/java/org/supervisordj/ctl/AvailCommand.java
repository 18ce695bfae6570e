package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ctl avail}: supervisorctl's {@code name in use|avail auto|manual group_prio:process_prio}
 * table. The API has no getAllConfigInfo, so this lists the processes the daemon runs (all
 * "in use"); the autostart and priority columns are printed only when the process info carries
 * {@code autostart} / {@code group_prio} and {@code process_prio} (an extension the API may add).
 * Groups a reread would add are not shown: {@code ctl reread} lists them.
 */
@Command(name = "avail", description = "List the configured processes the daemon has in use.")
final class AvailCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Option(names = "--json", description = "Print the API's JSON ({\"processes\": [...]}).")
    boolean json;

    @Override
    public Integer call() {
        ApiResponse answer = server.client().get("/processes").orFail();
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
            StringBuilder line = new StringBuilder(String.format("%-32s %-9s", name, "in use"));
            Object autostart = info.get("autostart");
            if (autostart instanceof Boolean) {
                line.append(String.format(" %-9s", (Boolean) autostart ? "auto" : "manual"));
                if (info.get("group_prio") != null && info.get("process_prio") != null) {
                    line.append(' ').append(info.get("group_prio")).append(':').append(info.get("process_prio"));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        return ExitStatus.SUCCESS.code;
    }
}
