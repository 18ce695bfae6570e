package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import org.supervisordj.logging.Reason;

/** {@code ctl}: the command-line client of supervisord-j, supervisorctl's verbs over the HTTP/JSON API. */
@Command(name = "ctl", mixinStandardHelpOptions = true, versionProvider = CtlVersion.class,
        description = "Control a running supervisord-j daemon, as supervisorctl controls supervisord.",
        footerHeading = "%n",
        footer = {
            "Server: -s URL, else $SUPERVISORD_J_SERVERURL, else -c FILE's [supervisorctl] serverurl,",
            "  [unix_http_server] file or [inet_http_server] port, else " + ServerChoice.DEFAULT_URL + ".",
            "  Credentials: -u/-p, else $SUPERVISORD_J_USERNAME/$SUPERVISORD_J_PASSWORD, else -c FILE.",
            "Exit status (supervisorctl's):",
            "  0  success (start: already started; stop: not running)",
            "  1  error (fault, authentication required, bad answer)",
            "  2  invalid arguments; start of an unknown group",
            "  3  status: a shown process is STOPPED, EXITED, FATAL or UNKNOWN",
            "  4  status: no such process or group",
            "  7  start/stop/signal: spawn error, abnormal termination, not running; pid: not running",
            " 69  the daemon cannot be reached (no socket file, connection refused)",
            "Colour only on a terminal, and not when NO_COLOR is set."})
public final class Ctl implements Callable<Integer> {

    /** The verbs, in help order. */
    private static final Map<String, Supplier<Object>> VERBS = new LinkedHashMap<>();

    static {
        VERBS.put("status", StatusCommand::new);
        VERBS.put("start", StartCommand::new);
        VERBS.put("stop", StopCommand::new);
        VERBS.put("restart", RestartCommand::new);
        VERBS.put("signal", SignalCommand::new);
        VERBS.put("tail", TailCommand::new);
        VERBS.put("pid", PidCommand::new);
        VERBS.put("reread", RereadCommand::new);
        VERBS.put("update", UpdateCommand::new);
        VERBS.put("avail", AvailCommand::new);
        VERBS.put("shutdown", ShutdownCommand::new);
        VERBS.put("version", VersionCommand::new);
    }

    /** Top-level options that take a value, to skip when looking for the verb. */
    private static final Set<String> OPTIONS_WITH_VALUES = Set.of("-s", "--serverurl", "-c", "--configuration",
            "-u", "--username", "-p", "--password");

    @Mixin
    ServerOptions server;

    /** The environment ctl reads (SUPERVISORD_J_*, NO_COLOR, and %(ENV_X)s in -c files). */
    final Map<String, String> env;
    /** How state names are coloured. */
    final Style style;

    /** The real process's ctl: its environment, colour when on a terminal. */
    public Ctl() {
        this(System.getenv(), Style.detect(System.getenv()));
    }

    /** A ctl with the given environment and style, for tests. */
    Ctl(Map<String, String> env, Style style) {
        this.env = env;
        this.style = style;
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine(new Ctl(), args);
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
     * When args name a verb, only that verb's model is built: picocli builds its models by
     * reflection, and building all twelve was half of {@code ctl status}'s time. Without a verb
     * (help, a typo) every verb is there, so usage and suggestions are complete.
     */
    static CommandLine commandLine(Ctl ctl, String[] args) {
        CommandLine cmd = new CommandLine(ctl);
        String verb = verb(args);
        for (Map.Entry<String, Supplier<Object>> v : VERBS.entrySet()) {
            if (verb == null || verb.equals(v.getKey())) cmd.addSubcommand(v.getKey(), v.getValue().get());
        }
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof CtlException) {
                err.println(e.getMessage());
                err.flush();
                return ((CtlException) e).status.code;
            }
            err.println("error: " + Reason.of(e)); // CTL_DEBUG=1 prints the stack trace
            if (ctl.env.containsKey("CTL_DEBUG")) e.printStackTrace(err);
            err.flush();
            return ExitStatus.GENERIC.code;
        });
        return cmd;
    }

    /** Returns the verb args name (the first word that is not an option or its value), or null. */
    static String verb(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (OPTIONS_WITH_VALUES.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return VERBS.containsKey(a) ? a : null;
            }
        }
        return null;
    }

    @Override
    public Integer call() {
        server.mixee.commandLine().usage(server.out());
        return ExitStatus.SUCCESS.code;
    }
}
