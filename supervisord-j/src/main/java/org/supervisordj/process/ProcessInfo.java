package org.supervisordj.process;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * An immutable view of one process, published by the engine after each step; field names follow
 * supervisord's {@code getProcessInfo}.
 *
 * @param name                 process name
 * @param group                group name
 * @param state                current state
 * @param pid                  the live child's pid, 0 when none
 * @param start                epoch seconds of the last start, 0 if never started
 * @param stop                 epoch seconds of the last exit, 0 if never exited
 * @param exitstatus           last exit code, -1 for a signal death, 0 if none
 * @param spawnerr             why the last start failed, or "" (supervisord's spawnerr)
 * @param restartCount         automatic restarts after RUNNING since the daemon started (extension)
 * @param nextRetryEpochMillis when the next automatic start attempt is due, or null when none is scheduled
 * @param stdoutLogfile        the stdout log path, or "" for NONE
 * @param stderrLogfile        the stderr log path, or "" for NONE / redirect_stderr
 * @param health               readiness, health and dependencies (extensions), {@link HealthInfo#NONE} without them
 */
public record ProcessInfo(String name, String group, ProcessState state, int pid, long start, long stop,
                          int exitstatus, String spawnerr, int restartCount, Long nextRetryEpochMillis,
                          String stdoutLogfile, String stderrLogfile, HealthInfo health) {

    /** A view without readiness, health or dependency information. */
    public ProcessInfo(String name, String group, ProcessState state, int pid, long start, long stop, int exitstatus,
                       String spawnerr, int restartCount, Long nextRetryEpochMillis, String stdoutLogfile,
                       String stderrLogfile) {
        this(name, group, state, pid, start, stop, exitstatus, spawnerr, restartCount, nextRetryEpochMillis,
                stdoutLogfile, stderrLogfile, HealthInfo.NONE);
    }

    private static final DateTimeFormatter STOP_TIME = DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.US);
    private static final DateTimeFormatter RETRY_TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.US);

    /** Returns supervisord's namespec: {@code group:name}, or {@code name} when they are equal. */
    public String namespec() {
        return group.equals(name) ? name : group + ":" + name;
    }

    /** Returns supervisorctl's status description as of now (uptime is computed at call time). */
    public String description() {
        return description(System.currentTimeMillis(), ZoneId.systemDefault());
    }

    /** Returns supervisorctl's status description as of {@code nowEpochMillis} in {@code zone}. */
    public String description(long nowEpochMillis, ZoneId zone) {
        String base = switch (state) {
            case RUNNING -> "pid " + pid + ", uptime " + uptime(Math.max(0, nowEpochMillis / 1000 - start));
            case BACKOFF, FATAL -> spawnerr.isEmpty() ? "unknown error (try \"tail " + namespec() + "\")" : spawnerr;
            case STOPPED, EXITED -> start == 0 ? "Not started"
                    : STOP_TIME.format(Instant.ofEpochSecond(stop).atZone(zone));
            case STARTING, STOPPING, UNKNOWN -> "";
        };
        base += healthSuffix(base.isEmpty());
        if (nextRetryEpochMillis != null && state == ProcessState.EXITED) {
            base += ", restart " + (restartCount + 1) + " at "
                    + RETRY_TIME.format(Instant.ofEpochMilli(nextRetryEpochMillis).atZone(zone));
        }
        return base;
    }

    /** The extensions' part of the description: notify STATUS=, health verdict, readiness or dependency waits. */
    private String healthSuffix(boolean alone) {
        if (health == HealthInfo.NONE) return "";
        List<String> parts = new java.util.ArrayList<>();
        if (health.waitingFor() != null && (state.isStopped() || state == ProcessState.BACKOFF)) parts.add(health.waitingFor());
        if (state == ProcessState.STARTING && health.ready() != null) {
            parts.add("waiting for " + (health.ready().equals("notify") ? "READY=1" : health.ready())
                    + (health.lastResult() == null ? "" : " (" + health.lastResult() + ")"));
        }
        if (health.status() != null && (state == ProcessState.STARTING || state == ProcessState.RUNNING
                || state == ProcessState.STOPPING)) parts.add(health.status());
        if (health.phase() != null && state == ProcessState.RUNNING) parts.add(health.phase());
        if (Boolean.FALSE.equals(health.healthy()) && state == ProcessState.RUNNING) {
            parts.add("unhealthy (" + health.failures() + " failed: " + health.lastResult() + ")");
        }
        if (parts.isEmpty()) return "";
        return (alone ? "" : ", ") + String.join(", ", parts);
    }

    /** Formats seconds like Python's str(timedelta): {@code 0:01:02}, {@code 2 days, 3:04:05}. */
    static String uptime(long seconds) {
        long days = seconds / 86400;
        long rest = seconds % 86400;
        String hms = String.format(Locale.ROOT, "%d:%02d:%02d", rest / 3600, (rest % 3600) / 60, rest % 60);
        return days == 0 ? hms : days + (days == 1 ? " day, " : " days, ") + hms;
    }

    /** Builds the view of {@code p} at nanoTime {@code now} and wall clock {@code wall} (engine thread). */
    static ProcessInfo of(ManagedProcess p, long now, long wall) {
        boolean retryDue = p.state() == ProcessState.BACKOFF
                || (p.state() == ProcessState.EXITED && p.restartPending && p.goal() == Goal.UP);
        Long nextRetry = retryDue && p.deadline != Long.MAX_VALUE
                ? wall + java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(Math.max(0, p.deadline - now)) : null;
        return new ProcessInfo(p.config().name(), p.config().group(), p.state(), p.pid, p.startEpochMillis / 1000,
                p.stopEpochMillis / 1000, p.exitstatus, p.spawnerr == null ? "" : p.spawnerr, p.restartCount,
                nextRetry, p.stdoutPath, p.stderrPath, p.health.info(p));
    }
}
