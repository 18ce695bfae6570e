package org.supervisordj.process;

/**
 * The readiness, health and dependency side of one process as published (extensions).
 *
 * @param ready      the {@code ready=} probe as configured, or null for startsecs
 * @param healthy    null when no health check has answered yet (or none is configured), else the verdict
 * @param failures   consecutive failed health checks
 * @param lastResult what the last probe (readiness or health) saw, or null: {@code HTTP 503}, {@code connection refused}
 * @param status     the child's last sd_notify STATUS= text, or null
 * @param phase      {@code stopping} or {@code reloading} as the child announced with sd_notify, or null
 * @param waitingFor why a start waits for its dependencies, or null when it does not
 * @param finished   a one-shot (autorestart=false) that exited with an expected code: its job is done
 */
public record HealthInfo(String ready, Boolean healthy, int failures, String lastResult, String status, String phase,
                         String waitingFor, boolean finished) {

    /** Nothing to say: supervisord's own view of a process. */
    public static final HealthInfo NONE = new HealthInfo(null, null, 0, null, null, null, null, false);
}
