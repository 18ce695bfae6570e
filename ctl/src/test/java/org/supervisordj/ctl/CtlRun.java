package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

import picocli.CommandLine;

/** Runs ctl in-process as picocli's testing recipe says: captured out and err, no System.exit. */
record CtlRun(int exit, String out, String err) {

    static CtlRun run(Map<String, String> env, String... args) {
        CommandLine cmd = Ctl.commandLine(new Ctl(new HashMap<>(env), Style.PLAIN), args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new CtlRun(exit, out.toString(), err.toString());
    }

    static CtlRun run(String... args) {
        return run(Map.of(), args);
    }
}
