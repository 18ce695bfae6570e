package org.supervisordj.config;

import java.util.List;

/**
 * A program's readiness, health check and start dependencies (extension keys, docs/configuration.md
 * "Readiness, health checks and dependencies"). supervisord ignores these keys, so a file using them
 * still loads there.
 *
 * @param ready            how readiness is known; null for supervisord's startsecs
 * @param readyTimeout     seconds a {@code ready=} probe may take before the start counts as failed
 * @param watchdogSecs     with a notify socket: WATCHDOG_USEC for the child, which is restarted when its
 *                         WATCHDOG=1 pings stop for this long; 0 for none
 * @param healthcheck      the check run while RUNNING, or null for none
 * @param interval         seconds between health checks
 * @param timeout          seconds one check (readiness or health) may take
 * @param fall             consecutive failures that make a healthy process unhealthy
 * @param rise             consecutive successes that make an unhealthy process healthy again
 * @param action           what becoming unhealthy does
 * @param dependsOn        programs, groups or namespecs that must be ready before this one starts
 */
public record HealthConfig(ProbeSpec ready, int readyTimeout, int watchdogSecs, ProbeSpec healthcheck, int interval,
                           int timeout, int fall, int rise, Action action, List<String> dependsOn) {

    /** What an unhealthy process gets. */
    public enum Action { RESTART, REPORT }

    /** supervisord's behaviour: startsecs, no checks, no dependencies. */
    public static final HealthConfig NONE = new HealthConfig(null, 60, 0, null, 10, 5, 3, 2, Action.RESTART, List.of());

    public HealthConfig {
        dependsOn = List.copyOf(dependsOn);
    }

    /** Returns true when readiness comes from {@code ready=}, not from startsecs. */
    public boolean gatesReadiness() {
        return ready != null;
    }

    /** Returns true when the child gets its own NOTIFY_SOCKET. */
    public boolean usesNotifySocket() {
        return (ready != null && ready.kind() == ProbeSpec.Kind.NOTIFY) || watchdogSecs > 0;
    }
}
