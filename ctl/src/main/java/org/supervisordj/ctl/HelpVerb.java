package org.supervisordj.ctl;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ctl help [VERB]}: ctl's usage, or one verb's, as supervisorctl's {@code help [topic]}. */
@Command(name = "help", description = "Print the verbs, or one verb's usage: help VERB.")
final class HelpVerb implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "VERB", description = "The verb to explain.")
    String topic;

    @Override
    public Integer call() {
        CommandLine top = spec.commandLine().getParent();
        if (topic == null) {
            top.usage(spec.commandLine().getOut());
            return ExitStatus.SUCCESS.code;
        }
        CommandLine verb = top.getSubcommands().get(topic);
        if (verb == null) {
            spec.commandLine().getOut().println("*** No help on " + topic);
            return ExitStatus.INVALID_ARGS.code;
        }
        verb.usage(spec.commandLine().getOut());
        return ExitStatus.SUCCESS.code;
    }
}
