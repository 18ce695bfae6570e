package org.supervisordj.ctl;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ctl stop namespec...}: {@code web: stopped} or {@code web: ERROR (not running)}. */
@Command(name = "stop", description = "Stop processes: name, group:name, group:* or all.")
final class StopCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Parameters(arity = "1..*", paramLabel = "NAMESPEC", description = "name, group:name, group:* or all")
    List<String> namespecs;

    @Option(names = "--no-wait", description = "Return once the daemon accepted the command (wait=false).")
    boolean noWait;

    @Override
    public Integer call() {
        ResultPrinter printer = new ResultPrinter(server.out(), server.style(), List.of("stopped"), "NOT_RUNNING");
        return ProcessActions.run(server, namespecs, "stop", null, !noWait, printer, false);
    }
}
