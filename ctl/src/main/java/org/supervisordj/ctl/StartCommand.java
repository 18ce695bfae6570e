package org.supervisordj.ctl;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ctl start namespec...}: {@code web: started}, or the error and why. */
@Command(name = "start", description = "Start processes: name, group:name, group:* or all.")
final class StartCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Parameters(arity = "1..*", paramLabel = "NAMESPEC", description = "name, group:name, group:* or all")
    List<String> namespecs;

    @Option(names = "--no-wait", description = "Return once the daemon accepted the command (wait=false).")
    boolean noWait;

    @Override
    public Integer call() {
        ResultPrinter printer = new ResultPrinter(server.out(), server.style(), List.of("started"), "ALREADY_STARTED");
        return ProcessActions.run(server, namespecs, "start", null, !noWait, printer, true);
    }
}
