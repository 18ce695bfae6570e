package org.supervisordj.ctl;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ctl maintail [-f | -N]}: the end of the daemon's own log, as bytes, as supervisorctl's maintail. */
@Command(name = "maintail", description = "The last 1600 bytes of the daemon's log; -N the last N bytes; -f follows it.")
final class MaintailCommand extends ServerVerb implements Callable<Integer> {
    @Option(names = "-f", description = "Continuous tail of the daemon's log (Ctrl-C to exit).")
    boolean follow;

    @Parameters(arity = "0..1", paramLabel = "-N", description = "The last N bytes.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        long bytes = TailCommand.DEFAULT_BYTES;
        if (!args.isEmpty()) {
            if (!args.get(0).matches("-\\d+")) {
                server.out().println("Error: bad argument " + args.get(0));
                return ExitStatus.GENERIC.code;
            }
            bytes = Long.parseLong(args.get(0).substring(1));
        }
        // supervisorctl's -f reads /mainlogtail, which starts 1024 bytes back.
        String path = "/daemon/log?offset=-" + (follow ? 1024 : bytes) + (follow ? "&follow=true" : "");
        try (ApiClient.Exchange ex = server.client().open("GET", path, null)) {
            if (ex.response.status() != 200) {
                ApiResponse answer = ex.json();
                if ("NO_FILE".equals(answer.errorCode())) {
                    server.out().println("supervisord: ERROR (no log file)");
                    return ExitStatus.GENERIC.code;
                }
                answer.orFail();
                server.out().println("supervisord: ERROR (unknown error reading log)");
                return ExitStatus.GENERIC.code;
            }
            if (follow) {
                server.err().println("==> Press Ctrl-C to exit <==");
                server.err().flush();
            }
            OutputStream out = server.bytesOut();
            return TailCommand.copy(ex.response.body(), out);
        }
    }
}
