package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import org.supervisordj.logging.Reason;

/** {@code ctl}: the command-line client of supervisord-j, supervisorctl's verbs over the HTTP/JSON API. */
public final class Ctl implements Callable<Integer> {

    /** The text under ctl's usage. */
    static final String[] FOOTER = {
            // Lines under 80 columns: picocli wraps longer ones wherever the width ends, URLs included.
            "Server: -s URL, else $SUPERVISORD_J_SERVERURL, else -c FILE's",
            "  [supervisorctl] serverurl, [unix_http_server] file or [inet_http_server] port,",
            "  else " + ServerChoice.DEFAULT_URL + ".",
            "  Credentials: -u/-p, else $SUPERVISORD_J_USERNAME/$SUPERVISORD_J_PASSWORD,",
            "  else -c FILE.",
            "Exit status (supervisorctl's):",
            "  0  success (start: already started; stop: not running)",
            "  1  error (fault, authentication required, bad answer)",
            "  2  invalid arguments; start of an unknown group",
            "  3  status: a shown process is STOPPED, EXITED, FATAL or UNKNOWN",
            "  4  status: no such process or group",
            "  7  start/stop/signal: spawn error, abnormal termination, not running;",
            "     pid: not running",
            " 69  the daemon cannot be reached (no socket file, connection refused)",
            "Many hosts: several -s URL, or --servers FILE (an INI section per server:",
            "  url, username, password; chmod 600), run status, start, stop, restart and",
            "  signal on all at once: a HOST column first, one stderr line per failed",
            "  server; exit status the highest of the servers' (unreachable: 69).",
            "Colour only on a terminal, and not when NO_COLOR is set."};

    /** The verbs, in help order. */
    static final List<String> VERBS = List.of("status", "start", "stop", "restart", "signal", "tail", "maintail",
            "clear", "pid", "fg", "reread", "update", "avail", "add", "remove", "reload", "shutdown", "version", "help");

    /**
     * Returns the command line of a verb of {@link #VERBS}, with the server options mixed in where
     * it talks to a server. A switch rather than a map of constructor references: those link a
     * lambda and load a class per verb at every start, for the one verb a command uses.
     */
    static CommandLine newVerb(String verb) {
        Object command = newVerbObject(verb);
        CommandLine cl = command instanceof StatusCommand s ? new CommandLine(s.spec()) : new CommandLine(command);
        if (command instanceof ServerVerb v) v.server = ServerOptions.mixInto(cl);
        return cl;
    }

    private static Object newVerbObject(String verb) {
        switch (verb) {
            case "status": return new StatusCommand();
            case "start": return new StartCommand();
            case "stop": return new StopCommand();
            case "restart": return new RestartCommand();
            case "signal": return new SignalCommand();
            case "tail": return new TailCommand();
            case "maintail": return new MaintailCommand();
            case "clear": return new ClearCommand();
            case "pid": return new PidCommand();
            case "fg": return new FgCommand();
            case "reread": return new RereadCommand();
            case "update": return new UpdateCommand();
            case "avail": return new AvailCommand();
            case "add": return new GroupCommands.Add();
            case "remove": return new GroupCommands.Remove();
            case "reload": return new ReloadCommand();
            case "shutdown": return new ShutdownCommand();
            case "version": return new VersionCommand();
            case "help": return new HelpVerb();
            default: throw new IllegalArgumentException("not a verb: " + verb);
        }
    }

    /** supervisorctl verbs ctl does not have, so a user trying one hears that rather than a near name. */
    static final Set<String> UNSUPPORTED = Set.of("open", "exit", "quit"); // exit/quit: the shell's own

    /** Top-level options that take a value, to skip when looking for the verb. */
    private static final Set<String> OPTIONS_WITH_VALUES = Set.of("-s", "--serverurl", "-c", "--configuration",
            "-u", "--username", "-p", "--password", "-r", "--history-file", "--servers");

    /** -s, -c, -u, -p as given before the verb; set when the command line is made. */
    ServerOptions server;

    private final OptionSpec historyFile = OptionSpec.builder("-r", "--history-file").paramLabel("FILE").type(String.class)
            .description("Keep the shell's line history in FILE (default: -c FILE's [supervisorctl] history_file).").build();

    /** -r FILE, or null. */
    String historyFile() {
        return historyFile.getValue();
    }

    /** The environment ctl reads (SUPERVISORD_J_*, NO_COLOR, and %(ENV_X)s in -c files). */
    final Map<String, String> env;
    /** How state names are coloured. */
    final Style style;
    /** Raw standard output for log bytes (the real ctl's fd 1, whose write fails once the reader is gone); null in tests: UTF-8 into getOut(). */
    java.io.OutputStream bytesOut;

    /** The real process's ctl: its environment, colour when on a terminal. */
    public Ctl() {
        this(System.getenv(), Style.detect(System.getenv()));
    }

    /** A ctl with the given environment and style, for tests. */
    Ctl(Map<String, String> env, Style style) {
        this.env = env;
        this.style = style;
    }

    /**
     * ctl's own model, built without annotations as {@link ServerOptions}' is (reading annotations
     * generates a proxy class per annotation type at every start).
     */
    private CommandSpec spec() {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("ctl").versionProvider(new CtlVersion())
                .addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class)
                        .description("Print ctl's version and exit.").build())
                .addOption(historyFile);
        spec.usageMessage()
                .description("Control a running supervisord-j daemon, as supervisorctl controls supervisord.")
                .footerHeading("%n").footer(FOOTER);
        return spec;
    }

    public static void main(String[] args) {
        Ctl ctl = new Ctl();
        ctl.bytesOut = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        ctl.topArgs = args;
        ctl.terminal = System.console() != null;
        CommandLine cl = commandLine(ctl, args);
        int status = cl.execute(args);
        // picocli's writers flush only on println; a tail ending in print() must not be lost at exit.
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(status);
    }

    /** Returns the CommandLine for ctl with every verb (help, completion). */
    static CommandLine commandLine(Ctl ctl) {
        return commandLine(ctl, new String[0]);
    }

    /**
     * Returns the CommandLine for ctl with its error handling: one line, never a stack trace.
     * When args name a verb, only that verb's model is built: picocli builds the models of
     * annotated commands by reflection, and building them all was half of {@code ctl status}'s
     * time. Without a verb (help, a typo) every verb is there, so usage and suggestions are complete.
     */
    static CommandLine commandLine(Ctl ctl, String[] args) {
        CommandLine cmd = new CommandLine(ctl.spec());
        ctl.server = ServerOptions.mixInto(cmd);
        String verb = verb(args);
        if ("help".equals(verb)) verb = null; // help VERB needs VERB's model
        for (String v : VERBS) {
            if (verb == null || verb.equals(v)) cmd.addSubcommand(v, newVerb(v));
        }
        ErrorHandler errors = new ErrorHandler(ctl);
        cmd.setParameterExceptionHandler(errors);
        cmd.setExecutionExceptionHandler(errors);
        return cmd;
    }

    /**
     * ctl's errors: one line, never a stack trace. A class rather than two lambdas: a lambda's
     * class is spun at run time on every start.
     */
    private static final class ErrorHandler
            implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
        private final Ctl ctl;

        ErrorHandler(Ctl ctl) {
            this.ctl = ctl;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] argv) {
            CommandLine failed = e.getCommandLine();
            PrintWriter err = failed.getErr();
            String unknown = unknownVerb(failed, e);
            if (unknown != null) {
                if (UNSUPPORTED.contains(unknown) || SUPERVISORCTL_VERBS.contains(unknown)) {
                    err.println("ctl: " + unknown + " is a supervisorctl command ctl does not support; 'ctl help' lists the verbs");
                } else {
                    err.println("*** Unknown syntax: " + unknown + " ('ctl help' lists the verbs)");
                    CommandLine.UnmatchedArgumentException.printSuggestions(e, err); // a typo of a verb ctl has
                }
            } else {
                err.println(e.getMessage());
                err.println("Usage: " + failed.getCommandSpec().qualifiedName() + " -h for help");
            }
            err.flush();
            return ExitStatus.INVALID_ARGS.code;
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            PrintWriter err = commandLine.getErr();
            if (ShellInterrupt.endingVerb()) return ExitStatus.SUCCESS.code; // Ctrl-C in the shell closed the verb's connection
            if (e instanceof CtlException) {
                err.println(e.getMessage());
                err.flush();
                return ((CtlException) e).status.code;
            }
            err.println("error: " + Reason.of(e)); // CTL_DEBUG=1 prints the stack trace
            if (ctl.env.containsKey("CTL_DEBUG")) e.printStackTrace(err);
            err.flush();
            return ExitStatus.GENERIC.code;
        }
    }

    /** Every verb of supervisorctl 4.2.5. */
    static final Set<String> SUPERVISORCTL_VERBS = Set.of("add", "avail", "clear", "exit", "fg", "help", "maintail",
            "open", "pid", "quit", "reload", "remove", "reread", "restart", "shutdown", "signal", "start", "status",
            "stop", "tail", "update", "version");

    // The word when picocli failed on a verb ctl does not know (the first positional at the top level), else null.
    private static String unknownVerb(CommandLine failed, CommandLine.ParameterException e) {
        if (failed.getParent() != null || !(e instanceof CommandLine.UnmatchedArgumentException u)) return null;
        for (String a : u.getUnmatched()) if (!a.startsWith("-")) return a;
        return null;
    }

    /** Returns the verb args name (the first word that is not an option or its value), or null. */
    static String verb(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (OPTIONS_WITH_VALUES.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return VERBS.contains(a) ? a : null;
            }
        }
        return null;
    }

    /** The top-level options ctl was started with, for the shell's verbs. */
    String[] topArgs = new String[0];
    /** Where the shell reads its lines. */
    java.io.InputStream in = System.in;
    private java.io.BufferedReader stdinLines;

    /** Standard input as lines, one reader for the shell and fg alike (neither loses what the other buffered). */
    synchronized java.io.BufferedReader stdinLines() {
        if (stdinLines == null) {
            stdinLines = new java.io.BufferedReader(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return stdinLines;
    }

    /** Reads standard input through {@code other}'s reader (a shell's verb). */
    void shareStdin(Ctl other) {
        this.in = other.in;
        this.stdinLines = other.stdinLines();
    }

    /** Whether the shell talks to a terminal (line editing, completion). */
    boolean terminal;

    /** No verb: supervisorctl's interactive shell. */
    @Override
    public Integer call() throws Exception {
        return new Shell(this, topArgs, server.out(), server.err()).run(terminal);
    }
}
