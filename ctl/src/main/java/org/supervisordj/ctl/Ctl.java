package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ctl}: the command-line client of supervisord-j, supervisorctl's verbs over the HTTP/JSON API. */
@Command(name = "ctl", mixinStandardHelpOptions = true, versionProvider = CtlVersion.class,
        subcommands = {StatusCommand.class, StartCommand.class, StopCommand.class, RestartCommand.class,
                SignalCommand.class, TailCommand.class, PidCommand.class, RereadCommand.class,
                UpdateCommand.class, AvailCommand.class, ShutdownCommand.class, VersionCommand.class},
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
        System.exit(commandLine(new Ctl()).execute(args));
    }

    /** Returns the CommandLine for ctl with its error handling: one line, never a stack trace. */
    static CommandLine commandLine(Ctl ctl) {
        CommandLine cmd = new CommandLine(ctl);
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof CtlException) {
                err.println(e.getMessage());
                err.flush();
                return ((CtlException) e).status.code;
            }
            err.println("error: " + e);
            if (ctl.env.containsKey("CTL_DEBUG")) e.printStackTrace(err);
            err.flush();
            return ExitStatus.GENERIC.code;
        });
        return cmd;
    }

    @Override
    public Integer call() {
        server.mixee.commandLine().usage(server.out());
        return ExitStatus.SUCCESS.code;
    }
}
