package org.supervisordj.posix;

/** A spawn that did not start; the message is supervisord's {@code spawnerr} text. */
public final class SpawnException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates an exception whose message is shown to operators as {@code spawnerr}. */
    public SpawnException(String message) {
        super(message);
    }
}
