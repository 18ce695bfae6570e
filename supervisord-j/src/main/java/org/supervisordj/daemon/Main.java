package org.supervisordj.daemon;

import picocli.CommandLine;

/** Entry point of {@code supervisord-j}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // picocli is loaded only when the line needs it (help, check, an error to report): see PlainArgs.
        DaemonCommand plain = PlainArgs.parse(args);
        System.exit(plain != null ? PlainArgs.run(plain) : new CommandLine(new DaemonCommand()).execute(args));
    }
}
