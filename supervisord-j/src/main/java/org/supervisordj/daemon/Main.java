package org.supervisordj.daemon;

import picocli.CommandLine;

/** Entry point of {@code supervisord-j}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DaemonCommand()).execute(args));
    }
}
