package org.supervisordj.ctl;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ctl restart namespec...}: the API's restart (stop, then start with the same configuration).
 * A success prints supervisorctl's two lines, {@code web: stopped} and {@code web: started}; a
 * failure prints the start error once, with its reason and stderr tail. {@code --rolling} restarts one
 * process at a time, each RUNNING again before the next is stopped, and stops at the first that fails.
 */
@Command(name = "restart", description = "Restart processes (stop, then start); does not reread the configuration.")
final class RestartCommand extends ServerVerb implements Callable<Integer> {
    @Mixin
    Targets targets;

    @Option(names = "--rolling", description = "One process at a time: stop it, start it, wait until it is RUNNING,"
            + " then the next; the first that fails stops the roll and the rest keep running.")
    boolean rolling;

    @Override
    public Integer call() {
        if (rolling && targets.noWait) {
            server.err().println("Error: --rolling waits for each process; it cannot be combined with --no-wait");
            return ExitStatus.INVALID_ARGS.code;
        }
        ResultPrinter printer = new ResultPrinter(server.out(), server.style(), List.of("stopped", "started"),
                "ALREADY_STARTED");
        return ProcessActions.run(server, targets.namespecs, rolling ? "restart?rolling=true" : "restart", null, !targets.noWait, printer, true);
    }
}
