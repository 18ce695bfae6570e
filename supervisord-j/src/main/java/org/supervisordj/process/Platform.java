package org.supervisordj.process;

import java.util.Map;
import java.util.function.LongSupplier;

import org.supervisordj.logging.Syslog;
import org.supervisordj.posix.PipePump;
import org.supervisordj.posix.Reaper;
import org.supervisordj.posix.Spawner;

/**
 * What the engine needs from outside: the native process layer, the daemon's environment and clocks.
 *
 * @param spawner           starts children
 * @param reaper            the one reaper of this JVM; its listener must call {@link Engine#childExited(int)}
 * @param pump              the one pipe pump that carries every child's output to its log
 * @param daemonEnvironment the daemon's own environment, the base of every child's
 * @param nanoClock         monotonic time for every deadline (System::nanoTime)
 * @param epochMillis       wall clock, only for display (System::currentTimeMillis)
 * @param syslog            where stdout_syslog/stderr_syslog output goes
 */
public record Platform(Spawner spawner, Reaper reaper, PipePump pump, Map<String, String> daemonEnvironment,
                       LongSupplier nanoClock, LongSupplier epochMillis, Syslog syslog) {

    /** Returns a platform with the real clocks, the current process environment and the local syslog. */
    public static Platform of(Spawner spawner, Reaper reaper, PipePump pump) {
        return new Platform(spawner, reaper, pump, System.getenv(), System::nanoTime, System::currentTimeMillis,
                Syslog.local());
    }

    /** Redacts the environment values, which may be secrets. */
    @Override
    public String toString() {
        return "Platform[environment keys=" + daemonEnvironment.keySet() + "]";
    }
}
