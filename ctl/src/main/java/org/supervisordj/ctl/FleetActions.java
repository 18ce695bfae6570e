package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * start, stop, restart and signal on several servers: each server's namespecs in turn, the servers
 * at once; each server's lines are kept until it is done so they are not interleaved, then printed
 * after its HOST column.
 */
final class FleetActions {
    private FleetActions() {
    }

    /** One server's printed lines and exit status. */
    private record Done(String lines, int status) {
    }

    static int run(ServerOptions server, List<String> namespecs, String action, String body, boolean wait,
                   ResultPrinter printer, boolean groupNotFoundIsInvalidArgs) {
        List<Fleet.Host> hosts = Fleet.hosts(server);
        List<Fleet.Outcome<Done>> outcomes = Fleet.onEach(hosts, client -> {
            StringWriter lines = new StringWriter();
            ResultPrinter own = printer.writingTo(new PrintWriter(lines));
            for (String namespec : ProcessActions.targets(namespecs)) {
                own.print(namespec, client.post(ProcessActions.path(namespec, action, wait), body), groupNotFoundIsInvalidArgs);
            }
            return new Done(lines.toString(), own.status().code);
        });
        PrintWriter out = server.out();
        int width = Fleet.width(hosts);
        int worst = 0;
        for (Fleet.Outcome<Done> o : outcomes) {
            if (o.value() == null) continue;
            String host = Fleet.column(o.host().label(), width);
            for (String line : o.value().lines().split("\n")) {
                if (!line.isEmpty()) out.println(host + line);
            }
            worst = Math.max(worst, o.value().status());
        }
        out.flush();
        return Math.max(worst, Fleet.reportFailures(outcomes, server.err()));
    }
}
