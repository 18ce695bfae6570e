package org.supervisordj.daemon;

import org.supervisordj.posix.PosixException;
import org.supervisordj.posix.ProcessSignals;
import org.supervisordj.posix.Signals;
import sun.misc.Signal;

/**
 * Turns the daemon's signals into calls: TERM/INT shut down, HUP reloads, USR2 reopens logs.
 * Uses the JDK's {@code sun.misc.Signal} (handlers run on a short-lived JVM thread), never a native handler.
 */
final class SignalBridge {

    /** What the daemon does for each signal; implementations must not block for long. */
    interface Actions {
        void shutdown(String signal);

        void reload();

        void reopenLogs();
    }

    private SignalBridge() {
    }

    /** Installs the handlers. */
    @SuppressWarnings("removal")
    static void install(Actions actions) {
        // Inherited SIG_IGN (nohup, a shell's trap '' HUP) would make the JVM skip these without a word;
        // supervisord installs its handlers regardless, so a reload by SIGHUP works under nohup too.
        for (String name : new String[] {"TERM", "INT", "HUP"}) {
            try {
                ProcessSignals.restoreDefault(Signals.number(name));
            } catch (PosixException e) {
                throw new IllegalStateException(e.getMessage(), e); // EINVAL only, for a valid number: never
            }
        }
        Signal.handle(new Signal("TERM"), s -> actions.shutdown("SIGTERM"));
        Signal.handle(new Signal("INT"), s -> actions.shutdown("SIGINT"));
        // supervisord treats QUIT like TERM, but the JVM needs QUIT for thread dumps; we leave it alone.
        Signal.handle(new Signal("HUP"), s -> actions.reload());
        Signal.handle(new Signal("USR2"), s -> actions.reopenLogs());
    }
}
