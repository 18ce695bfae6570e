package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code -s}, {@code -c}, {@code -u}, {@code -p}: where the daemon is and who we are. Mixed into
 * {@link Ctl} and into every verb, so both {@code ctl -s URL status} and
 * {@code ctl status -s URL} work; a verb's own value wins over the top level's.
 * <p>
 * Built with picocli's programmatic API rather than annotations: reading annotations makes the JDK
 * generate a proxy class per annotation type at run time (none can come from the class-data
 * archive), and these options are on every command ctl runs.
 */
final class ServerOptions {
    /** The command these options are mixed into; null for {@link #NONE}. */
    private final CommandSpec mixee;
    /** The options, whose parsed values this reads; null for {@link #NONE}. */
    private final CommandSpec spec;

    /** No option given anywhere: what a verb inherits when there is no top level to inherit from. */
    private static final ServerOptions NONE = new ServerOptions(null, null);

    private ServerOptions(CommandSpec mixee, CommandSpec spec) {
        this.mixee = mixee;
        this.spec = spec;
    }

    /** Adds these options to {@code command} and returns them. */
    static ServerOptions mixInto(CommandLine command) {
        CommandSpec spec = CommandSpec.create()
                // supervisorctl's -h, and the -? its users try; on every verb, since each mixes these options in.
                .addOption(OptionSpec.builder("-h", "-?", "--help").usageHelp(true).type(boolean.class)
                        .description("Show this help and exit.").build())
                .addOption(OptionSpec.builder("-s", "--serverurl").paramLabel("URL")
                        .type(List.class).auxiliaryTypes(String.class)
                        // %n breaks: picocli would otherwise wrap these lines inside a URL.
                        .description("unix:///path.sock, http://host:port%nor https://host:port (default: see Server below)."
                                + "%nRepeat for several servers (see Many hosts below).").build())
                .addOption(OptionSpec.builder("-c", "--configuration").paramLabel("FILE").type(Path.class)
                        .description("Read the server URL and credentials from FILE's [supervisorctl], "
                                + "[unix_http_server] or [inet_http_server].").build())
                .addOption(OptionSpec.builder("--servers").paramLabel("FILE").type(Path.class)
                        .description("Act on every server of FILE (an INI section each: url, username, password;"
                                + " chmod 600 when it holds passwords), with the -s servers.").build())
                .addOption(OptionSpec.builder("-u", "--username").paramLabel("USER").type(String.class)
                        .description("Username for the server (default: $SUPERVISORD_J_USERNAME, then -c's file).").build())
                .addOption(OptionSpec.builder("-p", "--password").paramLabel("PASSWORD").type(String.class)
                        .description("Password for the server (default: $SUPERVISORD_J_PASSWORD, then -c's file).").build());
        command.addMixin("server", spec);
        return new ServerOptions(command.getCommandSpec(), spec);
    }

    /** The value of an option of these, null when it was not given. */
    private <T> T value(String name) {
        return spec == null ? null : spec.findOption(name).getValue();
    }

    /** -c FILE as given to this command, or null. */
    Path configFile() {
        return value("--configuration");
    }

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
        return ServerChoice.resolve(url, pick(value("--username"), base.value("--username")),
                pick(value("--password"), base.value("--password")), pick(configFile(), base.configFile()), ctl().env);
    }

    /** The -s URLs: this command's, else the top level's; empty when none was given. */
    List<String> serverUrls() {
        List<String> own = value("--serverurl");
        if (own == null || own.isEmpty()) own = base().value("--serverurl");
        return own == null ? List.of() : own;
    }

    /** --servers FILE: this command's, else the top level's, else null. */
    Path serversFile() {
        return pick(value("--servers"), base().value("--servers"));
    }

    /** Whether -s named more than one server or --servers a file of them, so the verb runs on each (Fleet). */
    boolean severalServers() {
        return serverUrls().size() > 1 || serversFile() != null;
    }

    private ServerOptions base() {
        ServerOptions top = ctl().server;
        return top == this || top == null ? NONE : top;
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
