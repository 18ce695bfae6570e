package org.supervisordj.ctl;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code ctl shutdown}: asks the daemon to stop every program and exit; prints {@code Shut down}. */
@Command(name = "shutdown", description = "Shut the daemon down (it stops every program first).")
final class ShutdownCommand extends ServerVerb implements Callable<Integer> {
    @Override
    public Integer call() {
        ApiResponse answer;
        try {
            answer = server.client().post("/shutdown", null);
        } catch (CtlException e) {
            if (e.status != ExitStatus.UNAVAILABLE) throw e;
            throw new CtlException(e.status, "ERROR: " + e.getMessage() + " (already shut down?)");
        }
        if ("SHUTDOWN_STATE".equals(answer.errorCode())) {
            server.out().println("ERROR: already shutting down");
            return ExitStatus.GENERIC.code;
        }
        answer.orFail();
        server.out().println("Shut down");
        return ExitStatus.SUCCESS.code;
    }
}
