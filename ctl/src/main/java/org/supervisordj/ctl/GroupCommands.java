package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ctl add} and {@code ctl remove}: one group at a time, supervisorctl's words. */
final class GroupCommands {
    private GroupCommands() {
    }

    /** {@code ctl add name...}: reads the files and starts each group they declare that is not in use. */
    @Command(name = "add", description = "Activates any updates in config for process/group: add <name> [...].")
    static final class Add extends ServerVerb implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "NAME", description = "a group name")
        List<String> names;

        @Override
        public Integer call() {
            ExitStatus status = ExitStatus.SUCCESS;
            PrintWriter out = server.out();
            ApiClient client = server.client();
            for (String name : names) {
                ApiResponse a = client.post("/groups/" + ApiClient.segment(name) + "/add", null);
                if (a.ok()) {
                    out.println(name + ": added process group");
                } else if ("ALREADY_ADDED".equals(a.errorCode())) {
                    out.println("ERROR: process group already active");
                } else if ("BAD_NAME".equals(a.errorCode())) {
                    out.println("ERROR: no such process/group: " + name);
                    status = ExitStatus.GENERIC;
                } else if ("SHUTDOWN_STATE".equals(a.errorCode())) {
                    out.println("ERROR: shutting down");
                    status = ExitStatus.GENERIC;
                } else {
                    a.orFail();
                }
                out.flush();
            }
            return status.code;
        }
    }

    /** {@code ctl remove name...}: takes stopped groups out of the daemon. */
    @Command(name = "remove", description = "Removes process/group from active config: remove <name> [...].")
    static final class Remove extends ServerVerb implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "NAME", description = "a group name")
        List<String> names;

        @Override
        public Integer call() {
            ExitStatus status = ExitStatus.SUCCESS;
            PrintWriter out = server.out();
            ApiClient client = server.client();
            for (String name : names) {
                ApiResponse a = client.post("/groups/" + ApiClient.segment(name) + "/remove", null);
                if (a.ok()) {
                    out.println(name + ": removed process group");
                    continue;
                }
                status = ExitStatus.GENERIC;
                if ("STILL_RUNNING".equals(a.errorCode())) out.println("ERROR: process/group still running: " + name);
                else if ("BAD_NAME".equals(a.errorCode())) out.println("ERROR: no such process/group: " + name);
                else a.orFail();
                out.flush();
            }
            return status.code;
        }
    }
}
