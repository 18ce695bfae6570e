package org.supervisordj.ctl;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ctl start namespec...}: {@code web: started}, or the error and why. */
@Command(name = "start", description = "Start processes: name, group:name, group:* or all.")
final class StartCommand extends ServerVerb implements Callable<Integer> {
    @Mixin
    Targets targets;

    @Override
    public Integer call() {
        ResultPrinter printer = new ResultPrinter(server.out(), server.style(), List.of("started"), "ALREADY_STARTED");
        return ProcessActions.run(server, targets.namespecs, "start", null, !targets.noWait, printer, true);
    }
}
