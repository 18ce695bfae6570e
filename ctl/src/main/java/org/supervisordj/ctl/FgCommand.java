package org.supervisordj.ctl;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ctl fg name}: supervisorctl's foreground mode. The process's stdout and stderr logs are
 * followed to ctl's stdout while every line typed is sent to its stdin
 * ({@code POST /processes/{name}/stdin}), until end of input, Ctrl-C or the process stops.
 */
@Command(name = "fg", description = "Connect to a process in foreground mode: its output shown, your lines sent to its stdin.")
final class FgCommand extends ServerVerb implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "NAME", description = "the one process")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = server.out();
        if (names.isEmpty()) {
            out.println("ERROR: no process name supplied");
            out.println("fg <process>\tConnect to a process in foreground mode");
            return ExitStatus.GENERIC.code;
        }
        if (names.size() > 1) {
            out.println("ERROR: too many process names supplied");
            return ExitStatus.GENERIC.code;
        }
        String name = names.get(0);
        ApiClient client = server.client();
        ApiResponse info = client.get("/processes/" + ApiClient.segment(name));
        if ("BAD_NAME".equals(info.errorCode())) {
            out.println("ERROR: bad process name supplied");
            return ExitStatus.GENERIC.code;
        }
        if (!running(info.orFail())) {
            out.println("ERROR: process not running");
            return ExitStatus.GENERIC.code;
        }
        out.println("==> Press Ctrl-C to exit <==");
        out.flush();
        List<ApiClient.Exchange> follows = new ArrayList<>();
        try {
            for (String stream : List.of("stdout", "stderr")) follow(client, name, stream, follows);
            java.io.BufferedReader lines = server.ctl().stdinLines();
            String line;
            while ((line = lines.readLine()) != null) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("chars", line + "\n");
                ApiResponse sent = client.post("/processes/" + ApiClient.segment(name) + "/stdin", Json.write(body));
                if (!sent.ok()) {
                    String code = String.valueOf(sent.errorCode());
                    if (code.equals("NOT_FOUND")) {
                        throw new CtlException(ExitStatus.GENERIC, "ERROR: this daemon cannot write to a process's stdin"
                                + " (it has no POST /api/v1/processes/{name}/stdin)");
                    }
                    out.println(code.equals("NOT_RUNNING") ? "Process got killed" : "ERROR: " + sent.errorMessage());
                    break;
                }
                if (!running(client.get("/processes/" + ApiClient.segment(name)))) {
                    out.println("Process got killed");
                    break;
                }
            }
            out.println("Exiting foreground");
            return ExitStatus.SUCCESS.code;
        } finally {
            for (ApiClient.Exchange ex : follows) ex.close();
        }
    }

    private static boolean running(ApiResponse info) {
        List<Object> ps = info.json() instanceof Map ? info.list("processes") : List.of();
        return ps.size() == 1 && ps.get(0) instanceof Map && "RUNNING".equals(((Map<?, ?>) ps.get(0)).get("state"));
    }

    // supervisorctl's fgthread: each log from 1024 bytes back, then what is written, to stdout as bytes.
    private void follow(ApiClient client, String name, String stream, List<ApiClient.Exchange> follows) {
        ApiClient.Exchange ex = client.open("GET", "/processes/" + ApiClient.segment(name) + "/log?stream=" + stream
                + "&offset=-1024&follow=true", null);
        if (ex.response.status() != 200) { // no such log (redirect_stderr): nothing to show from it
            ex.close();
            return;
        }
        follows.add(ex);
        OutputStream bytes = server.bytesOut();
        Thread t = new Thread(() -> {
            try {
                TailCommand.copy(ex.response.body(), bytes);
            } catch (IOException closed) {
                // fg is over: the follow was closed under it.
            }
        }, "fg " + stream);
        t.setDaemon(true);
        t.start();
    }
}
