package org.supervisordj.ctl;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ctl restart namespec...}: the API's restart (stop, then start with the same configuration).
 * A success prints supervisorctl's two lines, {@code web: stopped} and {@code web: started}; a
 * failure prints the start error once, with its reason and stderr tail.
 */
@Command(name = "restart", description = "Restart processes (stop, then start); does not reread the configuration.")
final class RestartCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Mixin
    Targets targets;

    @Override
    public Integer call() {
        ResultPrinter printer = new ResultPrinter(server.out(), server.style(), List.of("stopped", "started"),
                "ALREADY_STARTED");
        return ProcessActions.run(server, targets.namespecs, "restart", null, !targets.noWait, printer, true);
    }
}
