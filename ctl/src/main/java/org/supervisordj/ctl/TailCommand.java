package org.supervisordj.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ctl tail [-f] [-n N] namespec [stdout|stderr]}: the last 1600 bytes of a process's log, as
 * supervisorctl's {@code tail}; {@code -N} is the last N bytes (supervisorctl's), {@code -n N} the
 * last N lines (ours), {@code -f} follows until Ctrl-C.
 */
@Command(name = "tail", description = "Print the end of a process's stdout or stderr log; -f follows it.")
final class TailCommand extends ServerVerb implements Callable<Integer> {
    static final int DEFAULT_BYTES = 1600;

    @Option(names = "-f", description = "Follow: keep printing what the process writes, until Ctrl-C.")
    boolean follow;

    @Option(names = "-n", paramLabel = "N", description = "The last N lines instead of the last 1600 bytes.")
    Integer lines;

    @Option(names = "--bytes", paramLabel = "N", description = "The last N bytes (supervisorctl's -N).")
    Integer bytes;

    @Option(names = "--json", description = "Print {\"bytes\": text, \"size\": log size} (not with -f).")
    boolean json;

    @Parameters(arity = "1..3", paramLabel = "ARG", description = "[-N] NAMESPEC [stdout|stderr]")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        List<String> rest = new ArrayList<>(args);
        if (!rest.isEmpty() && rest.get(0).matches("-\\d+")) bytes = Integer.valueOf(rest.remove(0).substring(1));
        if (rest.isEmpty() || rest.size() > 2) return usage("tail requires a process name and at most a channel");
        String name = rest.get(0);
        String channel = rest.size() == 2 ? rest.get(1).toLowerCase(Locale.ROOT) : "stdout";
        if (!channel.equals("stdout") && !channel.equals("stderr")) return usage("bad channel '" + channel + "'");
        if (lines != null && lines < 0 || bytes != null && bytes < 0) return usage("-n and -N must not be negative");
        if (json && follow) return usage("--json does not go with -f");
        ApiClient client = server.client();
        String base = "/processes/" + ApiClient.segment(name) + "/log?stream=" + channel;
        long back = bytes != null ? bytes : DEFAULT_BYTES;
        String text = null;
        long size = -1;
        if (lines != null) {
            LogChunk chunk = lastLines(client, base, name, lines);
            text = chunk.text;
            size = chunk.size;
            back = text.length();
        }
        PrintWriter out = server.out();
        if (follow) {
            server.err().println("==> Press Ctrl-C to exit <==");
            server.err().flush();
            // -n: follow from where those lines start (a negative offset, as the API documents).
            String query = (back > 0 ? "&offset=-" + back : "&offset=" + Math.max(size, 0)) + "&follow=true";
            try (ApiClient.Exchange ex = client.open("GET", base + query, null)) {
                if (ex.response.status() != 200) return logError(name, ex.json());
                return copy(ex.response.body(), server.bytesOut());
            }
        }
        if (text == null) {
            LogChunk chunk = read(client, base + "&offset=-" + back, name);
            text = chunk.text;
            size = chunk.size;
        }
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("bytes", new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            body.put("size", size);
            out.println(Json.write(body));
        } else {
            OutputStream bytesOut = server.bytesOut();
            try {
                bytesOut.write(text.getBytes(StandardCharsets.ISO_8859_1));
                if (!text.isEmpty() && !text.endsWith("\n")) bytesOut.write('\n');
                bytesOut.flush();
            } catch (IOException closed) {
                return ExitStatus.SUCCESS.code; // stdout closed (| head): nothing left to say
            }
        }
        return ExitStatus.SUCCESS.code;
    }

    /**
     * Copies a followed log to stdout as bytes, whatever the locale (supervisorctl writes them as
     * they are), and ends when stdout closes ({@code | head}) or the daemon ends the stream.
     */
    static int copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) != -1) {
            try {
                out.write(buf, 0, n);
                out.flush();
            } catch (IOException closed) {
                return ExitStatus.SUCCESS.code;
            }
        }
        return ExitStatus.SUCCESS.code;
    }

    /**
     * Reads more and more of the log's end until it holds n whole lines or the whole file: the
     * API serves bytes, so lines are counted here.
     */
    private LogChunk lastLines(ApiClient client, String base, String name, int n) {
        long want = Math.max(DEFAULT_BYTES, n * 160L);
        while (true) {
            LogChunk chunk = read(client, base + "&offset=-" + want, name);
            int start = startOfLastLines(chunk.text, n);
            if (start >= 0) return new LogChunk(chunk.text.substring(start), chunk.size);
            boolean whole = chunk.size >= 0 ? chunk.size <= want : chunk.text.length() < want;
            if (whole || want >= 64L * 1024 * 1024) return chunk;
            want *= 4;
        }
    }

    /**
     * Returns where the last n lines of t start (a final line without '\n' counts), or -1 when t
     * holds fewer than n lines after its first, possibly partial, one.
     */
    static int startOfLastLines(String t, int n) {
        if (n == 0) return t.length();
        int i = t.endsWith("\n") ? t.length() - 1 : t.length();
        int count = 0;
        while (i > 0) {
            int nl = t.lastIndexOf('\n', i - 1);
            if (nl < 0) break;
            if (++count == n) return nl + 1;
            i = nl;
        }
        return -1;
    }

    private LogChunk read(ApiClient client, String path, String name) {
        try (ApiClient.Exchange ex = client.open("GET", path, null)) {
            if (ex.response.status() != 200) throw new CtlException(ExitStatus.GENERIC, logErrorText(name, ex.json()));
            // One char per byte: lines are counted and bytes written back exactly as the log has them.
            String text = new String(ex.response.body().readAllBytes(), StandardCharsets.ISO_8859_1);
            String sizeHeader = ex.response.header("X-Log-Size");
            long size = -1;
            try {
                if (sizeHeader != null) size = Long.parseLong(sizeHeader.strip());
            } catch (NumberFormatException ignored) {
                // A malformed size only costs the -n loop its early exit.
            }
            return new LogChunk(text, size);
        } catch (IOException e) {
            throw new CtlException(ExitStatus.GENERIC, client.url().text() + ": " + e.getMessage());
        }
    }

    private int logError(String name, ApiResponse answer) {
        server.out().println(logErrorText(name, answer));
        return ExitStatus.GENERIC.code;
    }

    /** supervisorctl's words for a failed log read. */
    private String logErrorText(String name, ApiResponse answer) {
        String code = String.valueOf(answer.errorCode());
        switch (code) {
            case "BAD_NAME": return name + ": ERROR (no such process name)";
            case "NO_FILE": return name + ": ERROR (no log file)";
            case "FAILED": return name + ": ERROR (unknown error reading log)";
            default: return name + ": ERROR (" + code + (answer.errorMessage().isEmpty() ? "" : ": " + answer.errorMessage()) + ")";
        }
    }

    private int usage(String message) {
        server.err().println("Error: " + message);
        server.err().println("Usage: ctl tail [-f] [-n N | -N] NAMESPEC [stdout|stderr]");
        return ExitStatus.INVALID_ARGS.code;
    }

    /** Some of a log's bytes (one char each, ISO-8859-1), and the file's size when the daemon said it (else -1). */
    private static final class LogChunk {
        final String text;
        final long size;

        LogChunk(String text, long size) {
            this.text = text;
            this.size = size;
        }
    }
}
