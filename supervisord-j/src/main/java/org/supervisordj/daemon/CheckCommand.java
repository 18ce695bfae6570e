package org.supervisordj.daemon;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.supervisordj.config.ConfigException;
import org.supervisordj.config.ConfigJson;
import org.supervisordj.config.ConfigLoader;
import org.supervisordj.config.ConfigProblem;
import org.supervisordj.config.Configuration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code supervisord-j check -c FILE [--json] [--portable] [--deploy [--skip ID]]}: validates a configuration like {@code nginx -t}. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate a configuration: print warnings and errors, exit 0 if it is usable, 1 if not.",
                "Problems on this host (a missing user, log directory or environment_file, a command that is not found",
                "or not executable, a missing directory=) are errors; --portable makes them warnings."})
final class CheckCommand implements Callable<Integer> {

    @ParentCommand
    DaemonCommand parent;

    /** supervisord's options, given after {@code check} (or before it): --json shows the values they make. */
    @picocli.CommandLine.Mixin
    ServerOverrides overrides = new ServerOverrides();

    @Option(names = {"-c", "--configuration"}, paramLabel = "FILE", description = "configuration file")
    Path configFile;

    @Option(names = "--json", description = "print the fully resolved configuration as JSON (environment values masked)")
    boolean json;

    @Option(names = "--portable", description = "the file is meant for another host: problems that depend on"
            + " this host (users, directories, files, commands) are warnings")
    boolean portable;

    @Option(names = "--deploy", description = "also look for the classic mistakes of a production setup (inline"
            + " secrets, root, open control API, self-daemonizing servers, …); exit 1 if any is found")
    boolean deploy;

    @Option(names = "--skip", split = ",", paramLabel = "ID", description = "with --deploy: silence a check"
            + " everywhere (deploy.W003, W003 or runs-as-root); repeatable")
    List<String> skip = new java.util.ArrayList<>();

    @Option(names = "--show-secrets", description = "with --json: print environment values as they are")
    boolean showSecrets;

    @Override
    public Integer call() throws JsonProcessingException {
        Path file = ConfigFileLocator.locate(configFile != null ? configFile : parent.configFile);
        if (file == null) {
            System.err.println("Error: no configuration file given (-c FILE) and none found in "
                    + ConfigFileLocator.SEARCH_PATH);
            return 2;
        }
        try {
            parent.overrides.validate();
            overrides.validate();
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage() + "\nFor help, use supervisord-j -h");
            return 2;
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            ConfigLoader loader = new ConfigLoader(ConfigLoader.Options.current(portable).withCommandChecks());
            Configuration config = overrides.apply(parent.overrides.apply(loader.load(file)));
            printProblems(config.warnings(), System.err);
            if (deploy) return DeployReport.print(config, loader.sources(), skip, json);
            if (json) {
                System.out.println(mapper.writeValueAsString(ConfigJson.of(config, showSecrets)));
            } else {
                System.err.println("supervisord-j: the configuration file " + file + " syntax is ok ("
                        + config.programs().size() + " processes in " + config.groups().size() + " groups"
                        + (config.warnings().isEmpty() ? "" : ", " + config.warnings().size() + " warnings") + ")");
            }
            return 0;
        } catch (ConfigException e) {
            printProblems(e.problems(), System.err);
            long errors = e.problems().stream().filter(ConfigProblem::isError).count();
            if (json) {
                System.out.println(mapper.writeValueAsString(java.util.Map.of("errors",
                        e.problems().stream().filter(ConfigProblem::isError).map(ConfigProblem::toString).toList())));
            }
            System.err.println("supervisord-j: configuration file " + file + " test failed (" + errors
                    + (errors == 1 ? " error)" : " errors)"));
            return 1;
        }
    }

    private static void printProblems(List<ConfigProblem> problems, PrintStream out) {
        for (ConfigProblem p : problems) out.println((p.isError() ? "error: " : "warning: ") + p);
    }
}
