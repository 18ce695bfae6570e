package org.supervisordj.ctl;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/**
 * {@code ctl reload}: the daemon restarts in place (same pid), rereading its files and restarting
 * every program. A daemon without {@code POST /api/v1/restart} says so plainly.
 */
@Command(name = "reload", description = "Restart the remote supervisord.")
final class ReloadCommand extends ServerVerb implements Callable<Integer> {
    @Override
    public Integer call() {
        ApiResponse answer = server.client().post("/restart", null);
        if (answer.ok()) {
            server.out().println("Restarted supervisord");
            return ExitStatus.SUCCESS.code;
        }
        String code = String.valueOf(answer.errorCode());
        if (code.equals("NOT_FOUND")) {
            throw new CtlException(ExitStatus.GENERIC, "ERROR: this daemon cannot restart in place (it has no"
                    + " POST /api/v1/restart); restart its service instead, or use ctl update to apply new files");
        }
        if (code.equals("SHUTDOWN_STATE")) {
            server.out().println("ERROR: already shutting down");
            return ExitStatus.GENERIC.code;
        }
        answer.orFail();
        return ExitStatus.GENERIC.code;
    }
}
