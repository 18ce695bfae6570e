package org.supervisordj.process;

import org.supervisordj.config.Autorestart;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.health.NotifySocket;
import org.supervisordj.health.Prober;

/** One process's readiness, health and dependency state; engine thread only, like the rest of {@link ManagedProcess}. */
final class ProcessHealth {
    int generation;          // one per spawn: results and messages about an older child are dropped
    boolean ready;           // STARTING: the ready= probe passed, or READY=1 came
    String notReady;         // STARTING: why the start failed (not ready in time); its child is being stopped
    String status;           // sd_notify STATUS=
    String phase;            // sd_notify STOPPING=1 / RELOADING=1
    long watchdogAt = Long.MAX_VALUE; // RUNNING with watchdog_secs: the next WATCHDOG=1 is due by then
    Boolean healthy;         // null: no verdict yet
    int fails;
    int oks;
    String lastResult;
    boolean restartDue;      // stopped because unhealthy: start again once stopped
    String held;             // a start waiting for dependencies: why; null when not held
    boolean holdFailed;      // the hold is due to a failed dependency (said once)
    boolean stopAfterDependents; // a stop of several processes: this one goes once its dependents are down
    Prober.Watch watch;      // the readiness or health probe of the current child
    NotifySocket socket;     // the current child's NOTIFY_SOCKET
    int execPid;             // a running exec: probe, 0 when none
    long execStartedAt;
    long execNextAt;         // when the next exec: probe is due
    boolean execTimedOut;    // it was killed at its timeout

    /** Forgets what was known about the previous child. */
    void resetForSpawn() {
        generation++;
        ready = false;
        notReady = null;
        status = null;
        phase = null;
        watchdogAt = Long.MAX_VALUE;
        healthy = null;
        fails = 0;
        oks = 0;
        lastResult = null;
    }

    /** Returns true for a one-shot that exited with an expected code. */
    static boolean finished(ManagedProcess p) {
        ProgramConfig c = p.config();
        return c.autorestart() == Autorestart.FALSE && p.state() == ProcessState.EXITED && c.exitcodes().contains(p.exitstatus);
    }

    HealthInfo info(ManagedProcess p) {
        ProgramConfig c = p.config();
        boolean finished = finished(p);
        if (c.health().ready() == null && c.health().healthcheck() == null && status == null && held == null && !finished
                && !c.health().usesNotifySocket()) {
            return HealthInfo.NONE;
        }
        return new HealthInfo(c.health().ready() == null ? null : c.health().ready().text(), healthy, fails, lastResult,
                status, phase, held, finished);
    }
}
