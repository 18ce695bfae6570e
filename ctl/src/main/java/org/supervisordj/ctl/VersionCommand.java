package org.supervisordj.ctl;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code ctl version}: prints the client's version, as supervisorctl's {@code version} does. */
@Command(name = "version", description = "Print the version.")
final class VersionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println(CtlVersion.current());
        return 0;
    }
}
