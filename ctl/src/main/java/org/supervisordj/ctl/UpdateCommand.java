package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ctl update}: reread and apply, printed as supervisorctl prints it: removed groups
 * ({@code old: stopped}, {@code old: removed process group}), then changed ones
 * ({@code web: stopped}, {@code web: updated process group}), then added ones
 * ({@code api: added process group}). The API applies every change at once, so
 * supervisorctl's {@code update group...} is not offered; {@code update all} is accepted.
 * {@code --rolling} replaces the processes of each changed group one at a time instead (see the option),
 * printing a line per process rolled; the first that fails stops its group's roll and the command fails.
 */
@Command(name = "update", description = "Reread the configuration and apply it: start added groups, "
        + "restart changed ones, stop and remove removed ones.")
final class UpdateCommand extends ServerVerb implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "all", description = "accepted for supervisorctl habits; "
            + "every change is applied either way")
    List<String> all = new ArrayList<>();

    @Option(names = "--json", description = "Print the API's JSON instead.")
    boolean json;

    @Option(names = "--rolling", description = "Changed groups roll instead of stopping whole: one process at a time"
            + " is replaced by one with the new settings, RUNNING before the next old one stops; the first that"
            + " fails stops that group's roll and the old processes after it keep running.")
    boolean rolling;

    @Override
    public Integer call() {
        if (!all.isEmpty() && !all.get(0).equals("all")) {
            server.err().println("ERROR: update applies the whole configuration; per-group update is not supported");
            return ExitStatus.INVALID_ARGS.code;
        }
        ApiResponse answer = server.client().post(rolling ? "/update?rolling=true" : "/update", null);
        PrintWriter out = server.out();
        if (json) {
            out.println(Json.write(answer.json()));
            return (answer.ok() ? ExitStatus.SUCCESS : ExitStatus.GENERIC).code;
        }
        RereadCommand.failOnCantReread(answer, server);
        if (rolling && !answer.ok() && answer.json() instanceof java.util.Map<?, ?> m && m.containsKey("rolled")) {
            printRolled(answer, out);
            server.err().println("ERROR: " + answer.errorMessage());
            return ExitStatus.GENERIC.code;
        }
        answer.orFail();
        for (Object g : answer.list("removed")) {
            out.println(g + ": stopped");
            out.println(g + ": removed process group");
        }
        if (rolling) {
            printRolled(answer, out);
        } else {
            for (Object g : answer.list("changed")) {
                out.println(g + ": stopped");
                out.println(g + ": updated process group");
            }
        }
        for (Object g : answer.list("added")) out.println(g + ": added process group");
        RereadCommand.printWarnings(answer, server);
        return ExitStatus.SUCCESS.code;
    }

    private static void printRolled(ApiResponse answer, PrintWriter out) {
        for (Object o : answer.list("rolled")) {
            java.util.Map<?, ?> r = (java.util.Map<?, ?>) o;
            out.println(r.get("namespec") + ": " + ("OK".equals(r.get("status")) ? "updated"
                    : "ERROR (" + r.get("description") + ")"));
        }
    }
}
