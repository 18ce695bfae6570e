package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code -s}, {@code -c}, {@code -u}, {@code -p}: where the daemon is and who we are. Mixed into
 * {@link Ctl} and into every subcommand, so both {@code ctl -s URL status} and
 * {@code ctl status -s URL} work; a subcommand's own value wins over the top level's.
 */
final class ServerOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    // supervisorctl's -h, and the -? its users try; on every verb, since each mixes these options in.
    @Option(names = {"-h", "-?", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-s", "--serverurl"}, paramLabel = "URL",
            // %n breaks: picocli would otherwise wrap these lines inside a URL.
            description = "unix:///path.sock, http://host:port%nor https://host:port (default: see Server below)."
                    + "%nRepeat for several servers (see Many hosts below).")
    List<String> serverUrls;

    @Option(names = {"-c", "--configuration"}, paramLabel = "FILE",
            description = "Read the server URL and credentials from FILE's [supervisorctl], "
                    + "[unix_http_server] or [inet_http_server].")
    Path configFile;

    @Option(names = "--servers", paramLabel = "FILE",
            description = "Act on every server of FILE (an INI section each: url, username, password;"
                    + " chmod 600 when it holds passwords), with the -s servers.")
    Path serversFile;

    @Option(names = {"-u", "--username"}, paramLabel = "USER",
            description = "Username for the server (default: $SUPERVISORD_J_USERNAME, then -c's file).")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD",
            description = "Password for the server (default: $SUPERVISORD_J_PASSWORD, then -c's file).")
    String password;

    /** Returns the top-level command, which holds the environment and the colour choice. */
    Ctl ctl() {
        return (Ctl) mixee.root().userObject();
    }

    /** Resolves the server from this command's options, then the top level's, then the rest. */
    ServerChoice choice() {
        List<String> urls = serverUrls();
        return choice(urls.isEmpty() ? null : urls.get(0));
    }

    /** Resolves credentials and the rest for one server URL (null: the usual order without -s). */
    ServerChoice choice(String url) {
        ServerOptions base = base();
        return ServerChoice.resolve(url, pick(username, base.username),
                pick(password, base.password), pick(configFile, base.configFile), ctl().env);
    }

    /** The -s URLs: this command's, else the top level's; empty when none was given. */
    List<String> serverUrls() {
        List<String> own = serverUrls != null && !serverUrls.isEmpty() ? serverUrls : base().serverUrls;
        return own == null ? List.of() : own;
    }

    /** --servers FILE: this command's, else the top level's, else null. */
    Path serversFile() {
        return pick(serversFile, base().serversFile);
    }

    /** Whether -s named more than one server or --servers a file of them, so the verb runs on each (Fleet). */
    boolean severalServers() {
        return serverUrls().size() > 1 || serversFile() != null;
    }

    private ServerOptions base() {
        ServerOptions top = ctl().server;
        return top == this || top == null ? new ServerOptions() : top;
    }

    /** Returns a client for the resolved server; a verb that talks to one server only refuses several. */
    ApiClient client() {
        if (severalServers()) {
            throw new CtlException(ExitStatus.INVALID_ARGS, "ctl " + mixee.name() + " talks to one server;"
                    + " several -s and --servers work with status, start, stop, restart and signal");
        }
        ServerChoice c = choice();
        return new ApiClient(c.url(), c.username(), c.password());
    }

    /** The command's standard output (picocli's, so tests can capture it). */
    PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    /**
     * Standard output as bytes, for log contents that must pass through untouched whatever the
     * locale; what picocli's writer holds is flushed first so the order stays.
     */
    java.io.OutputStream bytesOut() {
        out().flush();
        return ctl().bytesOut != null ? ctl().bytesOut : new WriterOutputStream(out());
    }

    /** The command's standard error. */
    PrintWriter err() {
        return mixee.commandLine().getErr();
    }

    /** How to colour state names. */
    Style style() {
        return ctl().style;
    }

    private static <T> T pick(T own, T inherited) {
        return own != null ? own : inherited;
    }
}
