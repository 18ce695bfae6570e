package org.supervisordj.daemon;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.supervisordj.posix.HostSupport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code supervisord-j [-c FILE] [supervisord's options]}: runs the supervisor in the foreground. */
@Command(name = "supervisord-j", versionProvider = Version.class, subcommands = {CheckCommand.class},
        sortOptions = false,
        description = "A supervisord-compatible process supervisor. Runs in the foreground. The options"
                + " override the configuration file's [supervisord] values, as supervisord's do.")
final class DaemonCommand implements Callable<Integer> {

    @Option(names = {"-c", "--configuration"}, paramLabel = "FILE", description = "configuration file")
    Path configFile;

    @Mixin
    ServerOverrides overrides = new ServerOverrides();

    @Option(names = {"-h", "-?", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;

    @Option(names = {"-v", "--version"}, versionHelp = true, description = "print the version and exit")
    boolean version;

    /** Why programs cannot be supervised on this host, or null; replaceable so tests can play another host. */
    static Supplier<String> hostRefusal = HostSupport::refusal;

    @Override
    public Integer call() throws InterruptedException {
        try {
            overrides.validate();
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage() + "\nFor help, use supervisord-j -h");
            return 2;
        }
        Path file = ConfigFileLocator.locate(configFile);
        if (file == null) {
            System.err.println("Error: no configuration file given (-c FILE) and none found in "
                    + ConfigFileLocator.SEARCH_PATH);
            return 2;
        }
        // Only running programs needs the native layer; check (a subcommand) works on any host.
        String refusal = hostRefusal.get();
        if (refusal != null) {
            System.err.println("Error: " + refusal + "; not starting");
            return 2;
        }
        return new Daemon(file, System.err, overrides).run();
    }
}
