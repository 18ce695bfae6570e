package org.supervisordj.ctl;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ctl}: the command-line client of supervisord-j. */
@Command(name = "ctl", mixinStandardHelpOptions = true, versionProvider = CtlVersion.class,
        subcommands = {VersionCommand.class},
        description = "Control a running supervisord-j daemon (the control API arrives in a later release).")
public final class Ctl implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Ctl()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }
}
