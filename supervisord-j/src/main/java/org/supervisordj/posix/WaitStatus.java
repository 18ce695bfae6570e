package org.supervisordj.posix;

/** How a child ended: exited with a code, or killed by a signal. */
public sealed interface WaitStatus permits WaitStatus.Exited, WaitStatus.Killed {

    /** The child called exit (or returned from main) with {@code code} (0..255). */
    record Exited(int code) implements WaitStatus {
        @Override
        public int exitStatusForSupervisord() {
            return code;
        }

        @Override
        public String describe() {
            return "exit status " + code;
        }
    }

    /** The child was terminated by {@code signal}, possibly leaving a core dump. */
    record Killed(int signal, boolean coreDumped) implements WaitStatus {
        @Override
        public int exitStatusForSupervisord() {
            return -1; // supervisord's decode_wait_status reports -1 for a signal death
        }

        @Override
        public String describe() {
            // supervisord's signame() says "signal N" for numbers it cannot name.
            String sig = Signals.isKnown(signal) ? "SIG" + Signals.name(signal) : "signal " + signal;
            return "terminated by " + sig + (coreDumped ? " (core dumped)" : "");
        }
    }

    /** Decodes a raw status from waitpid per Linux wait.h; stopped/continued statuses are rejected. */
    static WaitStatus decode(int rawStatus) {
        int low = rawStatus & 0x7f;
        if (low == 0) {
            return new Exited((rawStatus >> 8) & 0xff);
        }
        if (low == 0x7f || rawStatus == 0xffff) {
            // Only possible with WUNTRACED/WCONTINUED, which this package never passes.
            throw new IllegalArgumentException("not a termination status: 0x" + Integer.toHexString(rawStatus));
        }
        return new Killed(low, (rawStatus & 0x80) != 0);
    }

    /** Returns the exit code, or -1 for a signal death, as supervisord's decode_wait_status does. */
    int exitStatusForSupervisord();

    /** Returns supervisord's wording, e.g. "exit status 1" or "terminated by SIGTERM (core dumped)". */
    String describe();
}
