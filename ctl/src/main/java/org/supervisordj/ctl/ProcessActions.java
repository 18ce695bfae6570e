package org.supervisordj.ctl;

import java.util.List;

/** The shared loop of start, stop, restart and signal: one POST per namespec, results printed. */
final class ProcessActions {
    private ProcessActions() {
    }

    /**
     * POSTs {@code /processes/{namespec}/{action}} for each namespec ("all" once, for all) and
     * prints every result; returns the exit code.
     *
     * @param body the JSON body, or null
     */
    static int run(ServerOptions server, List<String> namespecs, String action, String body, boolean wait,
                   ResultPrinter printer, boolean groupNotFoundIsInvalidArgs) {
        ApiClient client = server.client();
        List<String> targets = namespecs.contains("all") ? List.of("all") : namespecs;
        for (String namespec : targets) {
            String path = "/processes/" + ApiClient.segment(namespec) + "/" + action + (wait ? "" : "?wait=false");
            printer.print(namespec, client.post(path, body), groupNotFoundIsInvalidArgs);
            server.out().flush();
        }
        return printer.status().code;
    }
}
