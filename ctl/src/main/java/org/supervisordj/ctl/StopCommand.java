package org.supervisordj.ctl;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ctl stop namespec...}: {@code web: stopped} or {@code web: ERROR (not running)}. */
@Command(name = "stop", description = "Stop processes: name, group:name, group:* or all.")
final class StopCommand extends ServerVerb implements Callable<Integer> {
    @Mixin
    Targets targets;

    @Override
    public Integer call() {
        ResultPrinter printer = new ResultPrinter(server.out(), server.style(), List.of("stopped"), "NOT_RUNNING");
        return ProcessActions.run(server, targets.namespecs, "stop", null, !targets.noWait, printer, false);
    }
}
