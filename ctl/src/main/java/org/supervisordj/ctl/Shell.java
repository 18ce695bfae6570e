package org.supervisordj.ctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;

/**
 * {@code ctl} without a verb: supervisorctl's shell. It runs {@code status}, then reads lines at
 * the {@code supervisor> } prompt ({@code [supervisorctl] prompt=} of the {@code -c} file, as
 * supervisorctl's) and runs each as a verb with ctl's own top-level options; {@code help},
 * {@code exit}/{@code quit} and end of input as supervisorctl's. On a terminal JLine gives line
 * editing, history (kept in {@code -r FILE} or {@code history_file=} when given, as supervisorctl's
 * readline history) and tab completion of verbs and namespecs; otherwise (a pipe, a test) lines are
 * read plainly, with no history, and JLine is never loaded.
 */
final class Shell {
    static final String DEFAULT_PROMPT = "supervisor";
    /** The words help lists, as supervisorctl's "default commands". */
    static final List<String> VOCABULARY = List.of("add", "avail", "clear", "exit", "fg", "maintail", "pid", "quit",
            "reload", "remove", "reread", "restart", "shutdown", "signal", "start", "status", "stop", "tail",
            "update", "version");

    /** Reads one line after showing the prompt; null at end of input. */
    interface LineSource extends AutoCloseable {
        String readLine(String prompt) throws IOException;

        @Override
        default void close() {
        }
    }

    private final Ctl top;
    private final String[] topArgs;
    private final PrintWriter out;
    private final PrintWriter err;

    Shell(Ctl top, String[] topArgs, PrintWriter out, PrintWriter err) {
        this.top = top;
        this.topArgs = topArgs;
        this.out = out;
        this.err = err;
    }

    /** Runs the shell on standard input (a terminal when {@code terminal}); supervisorctl's shell always exits 0. */
    int run(boolean terminal) throws Exception {
        Path file = top.server.configFile();
        ConfigFileSettings settings = file == null ? null : ConfigFileSettings.read(file, top.env);
        String prompt = (settings == null || settings.prompt() == null ? DEFAULT_PROMPT : settings.prompt()) + "> ";
        Path history = top.historyFile() != null ? ConfigFileSettings.absolute(top.historyFile())
                : settings == null ? null : settings.historyFile();
        try (LineSource lines = terminal ? TerminalLines.open(new Completion(this::processes), history) : plain()) {
            execute("status");
            while (true) {
                String line = lines.readLine(prompt);
                if (line == null) {
                    out.println();
                    break;
                }
                if (!execute(line)) break;
            }
        }
        out.flush();
        return ExitStatus.SUCCESS.code;
    }

    private LineSource plain() {
        BufferedReader reader = top.stdinLines();
        return prompt -> {
            out.print(prompt);
            out.flush();
            return reader.readLine();
        };
    }

    /** Runs one line; false when it asks to leave the shell. */
    boolean execute(String line) {
        List<String> words = new ArrayList<>(Arrays.asList(line.strip().split("\\s+")));
        if (words.get(0).isEmpty()) return true; // an empty line repeats nothing
        String verb = words.get(0);
        if (verb.equals("exit") || verb.equals("quit")) {
            out.println();
            return false;
        }
        if (verb.equals("help")) {
            help(words.size() > 1 ? words.get(1) : null);
            return true;
        }
        if (!VOCABULARY.contains(verb)) {
            out.println("*** Unknown syntax: " + line.strip());
            out.flush();
            return true;
        }
        if (verb.equals("reload") && words.size() == 1 && !confirmed("Really restart the remote supervisord process y/N? ")) {
            return true;
        }
        List<String> args = new ArrayList<>(Arrays.asList(topArgs));
        args.addAll(words);
        String[] argv = args.toArray(new String[0]);
        Ctl ctl = new Ctl(top.env, top.style);
        ctl.bytesOut = top.bytesOut;
        ctl.shareStdin(top);
        CommandLine cmd = Ctl.commandLine(ctl, argv);
        cmd.setOut(out);
        cmd.setErr(err);
        if (verb.equals("fg")) {
            cmd.execute(argv);
        } else {
            ShellInterrupt.around(() -> cmd.execute(argv));
            if (ShellInterrupt.fired()) out.println(); // supervisorctl's tail -f after Ctrl-C: an empty line
        }
        out.flush();
        err.flush();
        return true;
    }

    // supervisorctl's raw_input question; anything but y... is no.
    private boolean confirmed(String question) {
        out.print(question);
        out.flush();
        try {
            String answer = top.stdinLines().readLine();
            return answer != null && answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private void help(String topic) {
        if (topic == null) {
            out.println();
            out.println("default commands (type help <topic>):");
            out.println("=====================================");
            for (String row : columnize(VOCABULARY, 79)) out.println(row);
            out.println();
        } else if (topic.equals("help")) {
            out.println("help\t\tPrint a list of available actions");
            out.println("help <action>\tPrint help for <action>");
        } else if (topic.equals("exit") || topic.equals("quit")) {
            out.println(topic + "\tExit the supervisor shell.");
        } else if (VOCABULARY.contains(topic)) {
            Ctl.commandLine(new Ctl(top.env, top.style), new String[] {topic}).getSubcommands().get(topic).usage(out);
        } else {
            out.println("*** No help on " + topic);
        }
        out.flush();
    }

    /** Python's cmd.columnize: as few rows as fit in width, columns two spaces apart, filled down first. */
    static List<String> columnize(List<String> words, int width) {
        int size = words.size();
        int rows = size;
        int[] widths = {0};
        for (int r = 1; r < size; r++) {
            int cols = (size + r - 1) / r;
            int[] w = new int[cols];
            int total = -2;
            for (int c = 0; c < cols; c++) {
                for (int i = c * r; i < Math.min(size, (c + 1) * r); i++) w[c] = Math.max(w[c], words.get(i).length());
                total += w[c] + 2;
            }
            if (total <= width) {
                rows = r;
                widths = w;
                break;
            }
        }
        List<String> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            List<String> texts = new ArrayList<>();
            for (int c = 0; c < widths.length; c++) {
                int i = r + rows * c;
                texts.add(i < size ? words.get(i) : "");
            }
            while (!texts.isEmpty() && texts.get(texts.size() - 1).isEmpty()) texts.remove(texts.size() - 1);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < texts.size(); c++) {
                if (c > 0) line.append("  ");
                line.append(String.format("%-" + Math.max(1, widths[c]) + "s", texts.get(c)));
            }
            out.add(line.toString());
        }
        return out;
    }

    // Process infos for completion, asked for when a completion needs them; none when the daemon is away.
    private List<Map<?, ?>> processes() {
        try {
            ServerOptions options = top.server;
            ApiResponse answer = options.client().get("/processes");
            List<Map<?, ?>> infos = new ArrayList<>();
            for (Object o : answer.list("processes")) if (o instanceof Map) infos.add((Map<?, ?>) o);
            return infos;
        } catch (RuntimeException unreachable) {
            return List.of();
        }
    }
}
