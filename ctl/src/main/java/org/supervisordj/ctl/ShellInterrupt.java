package org.supervisordj.ctl;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C inside ctl's shell ends the verb that is running and returns to the prompt, as
 * supervisorctl's KeyboardInterrupt does; outside the shell SIGINT ends ctl, the JVM's default.
 * While a shell verb runs, SIGINT closes the connections the verb has open, so a read blocked on
 * the daemon ({@code tail -f}, {@code maintail -f}, a start waiting out startsecs) returns at once;
 * the verb's resulting error is not reported, since the user asked for it.
 *
 * <p>{@code fg} is left out: it blocks reading standard input, which closing a connection cannot
 * end, so there Ctrl-C keeps ending ctl.
 */
final class ShellInterrupt {
    private static final Set<Closeable> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean active;
    private static volatile boolean fired;

    private ShellInterrupt() {
    }

    /** Notes a connection a shell verb opened; outside a shell verb nothing is kept. */
    static void opened(Closeable connection) {
        if (active) OPEN.add(connection);
    }

    static void closed(Closeable connection) {
        OPEN.remove(connection);
    }

    /** Whether Ctrl-C ended the shell verb that ran last. */
    static boolean fired() {
        return fired;
    }

    /** Whether a shell verb is running and Ctrl-C has closed its connections (its errors are not errors). */
    static boolean endingVerb() {
        return active && fired;
    }

    /** Runs one shell verb with Ctrl-C ending it instead of ctl; returns the verb's exit status. */
    @SuppressWarnings("removal")
    static int around(IntSupplier verb) {
        Signal interrupt = new Signal("INT");
        SignalHandler previous;
        fired = false;
        try {
            previous = Signal.handle(interrupt, s -> interrupt());
        } catch (IllegalArgumentException unavailable) {
            return verb.getAsInt(); // the JVM keeps SIGINT (-Xrs): Ctrl-C behaves as it always did
        }
        active = true;
        try {
            return verb.getAsInt();
        } finally {
            active = false;
            OPEN.clear();
            Signal.handle(interrupt, previous);
        }
    }

    private static void interrupt() {
        fired = true;
        for (Closeable c : OPEN) {
            try {
                c.close();
            } catch (IOException alreadyGone) {
                // closed under the verb already: nothing left to end
            }
        }
    }
}
