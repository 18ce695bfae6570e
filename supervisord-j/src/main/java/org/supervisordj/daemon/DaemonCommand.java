package org.supervisordj.daemon;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.supervisordj.posix.HostSupport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code supervisord-j [-c FILE] [-n]}: runs the supervisor in the foreground. */
@Command(name = "supervisord-j", mixinStandardHelpOptions = true, versionProvider = Version.class,
        subcommands = {CheckCommand.class},
        description = "A supervisord-compatible process supervisor. Runs in the foreground.")
final class DaemonCommand implements Callable<Integer> {

    @Option(names = {"-c", "--configuration"}, paramLabel = "FILE", description = "configuration file")
    Path configFile;

    @Option(names = {"-n", "--nodaemon"}, description = "run in the foreground (always the case; for compatibility)")
    boolean nodaemon;

    /** Why programs cannot be supervised on this host, or null; replaceable so tests can play another host. */
    static Supplier<String> hostRefusal = HostSupport::refusal;

    @Override
    public Integer call() throws InterruptedException {
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
        return new Daemon(file, System.err).run();
    }
}
