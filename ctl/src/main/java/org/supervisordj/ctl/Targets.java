package org.supervisordj.ctl;

import java.util.List;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The operands start, stop and restart share: namespecs, and whether to wait for the outcome. */
final class Targets {
    @Parameters(arity = "1..*", paramLabel = "NAMESPEC", description = "name, group:name, group:* or all")
    List<String> namespecs;

    @Option(names = "--no-wait", description = "Return once the daemon accepted the command (wait=false).")
    boolean noWait;
}
