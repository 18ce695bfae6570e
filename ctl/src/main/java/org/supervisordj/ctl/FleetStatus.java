package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ctl -s A -s B status}: every server's table in one, a HOST column first, servers in the
 * order named; {@code --json} adds a "host" field to each process and lists the failed servers.
 */
final class FleetStatus {
    private FleetStatus() {
    }

    static int run(ServerOptions server, List<String> namespecs, boolean json) {
        List<Fleet.Host> hosts = Fleet.hosts(server);
        List<Fleet.Outcome<StatusCommand.Report>> outcomes = Fleet.onEach(hosts,
                client -> StatusCommand.report(client.get("/processes").orFail().list("processes"), namespecs));
        PrintWriter out = server.out();
        int width = Fleet.width(hosts);
        int worst = 0;
        List<Map<?, ?>> shown = new ArrayList<>();
        List<String> column = new ArrayList<>();
        List<Map<String, Object>> failures = new ArrayList<>();
        for (Fleet.Outcome<StatusCommand.Report> o : outcomes) {
            if (o.failure() != null) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("host", o.host().label());
                f.put("error", Fleet.failureLine(o.host(), o.failure()).substring(o.host().label().length() + 2));
                f.put("exit", o.failure().status.code);
                failures.add(f);
                continue;
            }
            StatusCommand.Report r = o.value();
            String host = Fleet.column(o.host().label(), width);
            for (String msg : r.missing()) (json ? server.err() : out).println(host + msg);
            for (Map<?, ?> info : r.shown()) {
                if (json) {
                    Map<Object, Object> withHost = new LinkedHashMap<>();
                    withHost.put("host", o.host().label());
                    withHost.putAll(info);
                    shown.add(withHost);
                } else {
                    shown.add(info);
                    column.add(host);
                }
            }
            worst = Math.max(worst, r.status().code);
        }
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("processes", shown);
            body.put("failures", failures);
            out.println(Json.write(body));
        } else {
            StatusCommand.print(out, shown, server.style(), column);
        }
        out.flush();
        return Math.max(worst, Fleet.reportFailures(outcomes, server.err()));
    }
}
