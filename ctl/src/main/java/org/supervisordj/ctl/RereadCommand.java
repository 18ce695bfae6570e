package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ctl reread}: what {@code update} would do, as supervisorctl prints it: {@code api: available},
 * {@code web: changed}, {@code old: disappeared}, sorted by name, or
 * {@code No config updates to processes}. Configuration errors are listed, one a line.
 */
@Command(name = "reread", description = "Reread the configuration and show what update would change, without applying it.")
final class RereadCommand extends ServerVerb implements Callable<Integer> {
    @Option(names = "--json", description = "Print the API's JSON ({\"added\", \"changed\", \"removed\", \"warnings\"}).")
    boolean json;

    @Override
    public Integer call() {
        ApiResponse answer = server.client().post("/reread", null);
        PrintWriter out = server.out();
        if (json) {
            out.println(Json.write(answer.json()));
            return (answer.ok() ? ExitStatus.SUCCESS : ExitStatus.GENERIC).code;
        }
        failOnCantReread(answer, server);
        answer.orFail();
        Map<String, String> changes = new TreeMap<>();
        for (Object n : answer.list("added")) changes.put(String.valueOf(n), "available");
        for (Object n : answer.list("changed")) changes.put(String.valueOf(n), "changed");
        for (Object n : answer.list("removed")) changes.put(String.valueOf(n), "disappeared");
        if (changes.isEmpty()) out.println("No config updates to processes");
        changes.forEach((name, what) -> out.println(name + ": " + what));
        printWarnings(answer, server);
        return ExitStatus.SUCCESS.code;
    }

    /** CANT_REREAD: {@code ERROR: CANT_REREAD: message} and each error indented, on stderr; exit 1. */
    static void failOnCantReread(ApiResponse answer, ServerOptions server) {
        if (!"CANT_REREAD".equals(answer.errorCode())) return;
        PrintWriter err = server.err();
        List<Object> errors = answer.list("errors");
        if (errors.isEmpty() && answer.json() instanceof Map) {
            Object inner = ((Map<?, ?>) answer.json()).get("error");
            if (inner instanceof Map && ((Map<?, ?>) inner).get("errors") instanceof List) {
                errors = List.copyOf((List<?>) ((Map<?, ?>) inner).get("errors"));
            }
        }
        err.println("ERROR: CANT_REREAD: " + answer.errorMessage());
        for (Object e : errors) err.println("  " + e);
        err.flush();
        throw new CtlException(ExitStatus.GENERIC, "the configuration was not changed");
    }

    /** Prints the answer's warnings on stderr, "warning: ..." each. */
    static void printWarnings(ApiResponse answer, ServerOptions server) {
        for (Object w : answer.list("warnings")) server.err().println("warning: " + w);
    }
}
