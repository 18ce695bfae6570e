package org.supervisordj.ctl;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ctl signal SIG namespec...}: {@code web: signalled}. */
@Command(name = "signal", description = "Send a signal (HUP, SIGHUP or 1) to processes.")
final class SignalCommand extends ServerVerb implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SIGNAL", description = "signal name (with or without SIG) or number")
    String signal;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAMESPEC", description = "name, group:name, group:* or all")
    List<String> namespecs;

    @Override
    public Integer call() {
        StringBuilder body = new StringBuilder("{\"signal\":");
        Json.quote(signal, body);
        body.append('}');
        ResultPrinter printer = new ResultPrinter(server.out(), server.style(), List.of("signalled"), null);
        return ProcessActions.run(server, namespecs, "signal", body.toString(), true, printer, false);
    }
}
