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
        if (server.severalServers()) {
            return FleetActions.run(server, namespecs, action, body, wait, printer, groupNotFoundIsInvalidArgs);
        }
        ApiClient client = server.client();
        for (String namespec : targets(namespecs)) {
            printer.print(namespec, client.post(path(namespec, action, wait), body), groupNotFoundIsInvalidArgs);
            server.out().flush();
        }
        return printer.status().code;
    }

    /** "all" once when it is among the namespecs, else the namespecs. */
    static List<String> targets(List<String> namespecs) {
        return namespecs.contains("all") ? List.of("all") : namespecs;
    }

    /** The API path of action on namespec. */
    static String path(String namespec, String action, boolean wait) {
        return "/processes/" + ApiClient.segment(namespec) + "/" + action + (wait ? "" : "?wait=false");
    }
}
