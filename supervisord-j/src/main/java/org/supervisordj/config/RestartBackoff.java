package org.supervisordj.config;

/**
 * supervisord-j's extension for programs that reach RUNNING and then keep crashing: the first crash
 * restarts at once (as supervisord does), each further crash within {@code resetSecs} of the last
 * start waits twice as long, from {@code initialSecs} up to {@code maxSecs}.
 *
 * @param initialSecs delay after the second quick crash ({@code restart_backoff_initial_secs}, default 1)
 * @param maxSecs     the cap ({@code restart_backoff_max_secs}, default 60); 0 turns the extension off
 * @param resetSecs   uptime after which the crash count starts again ({@code restart_backoff_reset_secs}, default 60)
 */
public record RestartBackoff(int initialSecs, int maxSecs, int resetSecs) {

    /** Returns true when crashes after RUNNING restart at once, every time, as in supervisord. */
    public boolean disabled() {
        return maxSecs == 0;
    }

    /** Returns the delay in seconds before restart number {@code quickCrashes} (1 = first crash). */
    public long delaySecs(int quickCrashes) {
        if (disabled() || quickCrashes <= 1) return 0;
        long delay = (long) initialSecs << Math.min(30, quickCrashes - 2);
        return Math.min(delay, maxSecs);
    }
}
