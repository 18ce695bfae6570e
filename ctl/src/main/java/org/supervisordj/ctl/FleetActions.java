package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * start, stop, restart and signal on several servers: each server's namespecs in turn, the servers
 * at once; each server's lines are kept until it is done so they are not interleaved, then printed
 * after its HOST column. {@code restart --rolling} goes one server after another instead and stops
 * at the first that fails, so a fleet behind a load balancer never has every server restarting.
 */
final class FleetActions {
    private FleetActions() {
    }

    /** One server's printed lines, its exit status and, when it broke off, why. */
    private record Done(String lines, int status, CtlException failure) {
    }

    static int run(ServerOptions server, List<String> namespecs, String action, String body, boolean wait,
                   ResultPrinter printer, boolean groupNotFoundIsInvalidArgs) {
        List<Fleet.Host> hosts = Fleet.hosts(server);
        java.util.function.Function<ApiClient, Done> work = client -> {
            StringWriter lines = new StringWriter();
            ResultPrinter own = printer.writingTo(new PrintWriter(lines));
            try {
                for (String namespec : ProcessActions.targets(namespecs)) {
                    own.print(namespec, client.post(ProcessActions.path(namespec, action, wait), body), groupNotFoundIsInvalidArgs);
                }
                return new Done(lines.toString(), own.status().code, null);
            } catch (CtlException e) {
                return new Done(lines.toString(), e.status.code, e); // what it printed before still shows
            }
        };
        List<Fleet.Outcome<Done>> outcomes = action.contains("rolling") ? oneAfterAnother(hosts, work) : Fleet.onEach(hosts, work);
        PrintWriter out = server.out();
        PrintWriter err = server.err();
        int width = Fleet.width(hosts);
        int worst = 0;
        for (Fleet.Outcome<Done> o : outcomes) {
            if (o.value() == null) continue;
            String host = Fleet.column(o.host().label(), width);
            for (String line : o.value().lines().split("\n")) {
                if (!line.isEmpty()) out.println(host + line);
            }
            if (o.value().failure() != null) {
                out.flush();
                err.println(Fleet.failureLine(o.host(), o.value().failure()));
            }
            worst = Math.max(worst, o.value().status());
        }
        out.flush();
        return Math.max(worst, Fleet.reportFailures(outcomes, err));
    }

    /** Rolling: each server in turn; after one fails, the rest are not touched and say so. */
    private static List<Fleet.Outcome<Done>> oneAfterAnother(List<Fleet.Host> hosts, java.util.function.Function<ApiClient, Done> work) {
        List<Fleet.Outcome<Done>> outcomes = new ArrayList<>();
        boolean failed = false;
        for (Fleet.Host h : hosts) {
            if (failed) {
                outcomes.add(new Fleet.Outcome<>(h, null, new CtlException(ExitStatus.GENERIC,
                        "not restarted: a server before it failed (--rolling stops there)")));
                continue;
            }
            Done d = work.apply(h.client());
            outcomes.add(new Fleet.Outcome<>(h, d, null));
            failed = d.status() != 0;
        }
        return outcomes;
    }
}
