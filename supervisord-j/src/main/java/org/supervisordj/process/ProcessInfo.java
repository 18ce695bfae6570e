package org.supervisordj.process;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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
 */
public record ProcessInfo(String name, String group, ProcessState state, int pid, long start, long stop,
                          int exitstatus, String spawnerr, int restartCount, Long nextRetryEpochMillis,
                          String stdoutLogfile, String stderrLogfile) {

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
        if (nextRetryEpochMillis != null && state == ProcessState.EXITED) {
            base += ", restart " + (restartCount + 1) + " at "
                    + RETRY_TIME.format(Instant.ofEpochMilli(nextRetryEpochMillis).atZone(zone));
        }
        return base;
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
                nextRetry, p.stdoutPath, p.stderrPath);
    }
}
