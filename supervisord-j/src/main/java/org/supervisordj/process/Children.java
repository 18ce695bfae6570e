package org.supervisordj.process;

import java.util.function.Supplier;
import org.supervisordj.events.EventPublisher;
import java.io.IOException;
import java.util.List;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.LogLevel;
import org.supervisordj.logging.LogSink;
import org.supervisordj.logging.Reason;
import org.supervisordj.posix.SpawnException;
import org.supervisordj.posix.WaitStatus;

/**
 * The engine's children: spawns them (STARTING, then a recorded pid or spawnerr + BACKOFF) and
 * applies their reaped exits, reaping on the engine thread in the same step that forgets the pid, so
 * a reaped pid is never signalled. Engine thread only, except {@link #owns(int)} (the reaper asks).
 */
final class Children {

    private final Platform platform;
    private final ChildLauncher launcher;
    private final ProcessTable table;
    private final Stopping stopping;
    private final EngineLog log;
    private final List<StateListener> listeners;
    private final HealthSupervision health;

    private final HeldSockets sockets;
    private final ProcessEvents events;
    private final java.util.function.Supplier<EventListeners> pools;
    private final Supplier<EventPublisher> publisher;
    // Read by GET /metrics through Engine; here so the constructor's callers need not change.
    final SpawnLatency spawnLatency = new SpawnLatency();
    final OutputBytes outputBytes = new OutputBytes();

    Children(Platform platform, ProcessTable table, Stopping stopping, EngineLog log, List<StateListener> listeners,
             HeldSockets sockets, HealthSupervision health, ProcessEvents events,
             java.util.function.Supplier<EventListeners> pools, Supplier<EventPublisher> publisher) {
        this.health = health;
        this.events = events;
        this.pools = pools;
        this.publisher = publisher;
        this.platform = platform;
        this.sockets = sockets;
        this.launcher = new ChildLauncher(platform);
        this.table = table;
        this.stopping = stopping;
        this.log = log;
        this.listeners = listeners;
    }

    /** Returns true if {@code pid} was spawned here and is not reaped yet; any thread. */
    boolean owns(int pid) {
        return launcher.owns(pid);
    }

    /** Spawns {@code p} under {@code config}; never throws on a spawn failure, which is spawnerr + BACKOFF. */
    void spawn(ManagedProcess p, Configuration config, long now) {
        long requested = System.nanoTime();
        Transitions.beginSpawn(p, now);
        ChildLauncher.Spawned spawned;
        try {
            ChildLogs.open(p, config.supervisord(), publisher, platform.syslog(), log);
            // A listener's stdout is its protocol channel; supervisord logs it to stdout_logfile as well.
            p.channel = p.pool == null ? null : pools.get().spawning(p.pool, p.name());
            if (p.channel != null) table.recordChannel(p.channel, p);
            LogSink stdout = p.channel == null ? p.stdoutSink : new ListenerStdout(p.stdoutSink, p.channel);
            String namespec = p.config().namespec();
            spawned = launcher.launch(p.config(), config, outputBytes.counting(namespec, false, stdout),
                    outputBytes.counting(namespec, true, p.stderrSink), sockets, health.prepare(p));
            spawnLatency.record(System.nanoTime() - requested);
        } catch (SpawnException e) {
            health.ended(p);
            log(Transitions.spawnFailed(p, e.getMessage(), now));
            return;
        } catch (IOException e) {
            health.ended(p);
            log(Transitions.spawnFailed(p, "couldn't open log file: " + Reason.of(e), now));
            return;
        }
        int pid = spawned.pid();
        p.pid = pid;
        p.stdin = spawned.stdinFd() < 0 ? null : new ChildStdin(spawned.stdinFd());
        table.recordPid(pid, p);
        p.startEpochMillis = platform.epochMillis().getAsLong();
        p.spawnerr = null;
        log.log(LogLevel.INFO, "spawned: '" + p.name() + "' with pid " + pid);
        health.spawned(p);
        events.spawned(p);
        for (StateListener l : listeners) l.spawned(p.config().namespec(), pid); // STARTING was told before the pid
    }

    /** Spawns an exec: probe of {@code p}; its exit comes back through {@link #reaped} to the health side. */
    int spawnProbe(ManagedProcess p, java.util.List<String> argv, Configuration config) throws SpawnException {
        return launcher.launchProbe(argv, p.config(), config);
    }

    /** Reaps {@code pid}, which the reaper saw exit, and applies the exit to its process. */
    void reaped(int pid, long now) {
        WaitStatus status = platform.reaper().reap(pid);
        launcher.forget(pid);
        ManagedProcess p = table.releasePid(pid);
        if (p == null && status != null && health.probeExited(pid, status, now)) return;
        if (p != null) closeStdin(p); // what it did not read is lost with it, as in supervisord
        if (p == null || status == null) {
            log.log(LogLevel.WARN, "reaped pid " + pid + (p == null ? " of no known process" : " but got no status"));
            return;
        }
        p.stopEpochMillis = platform.epochMillis().getAsLong();
        boolean stopRequested = p.state() == ProcessState.STOPPING;
        health.ended(p);
        p.exitedPid = pid; // supervisord's exit events still name the pid
        try {
            log(Transitions.childExited(p, status, now));
        } finally {
            p.exitedPid = 0;
        }
        if (Transitions.leftoversToTerminate(p.config(), stopRequested)) stopping.terminateLeftovers(p, pid);
        Outcome delayed = Transitions.restartDelay(p, now);
        if (delayed != null) log(delayed);
    }

    /** After a failure, once nothing will be signalled any more: reaps what has exited, which releases the reaper. */
    void reapAll() {
        for (ManagedProcess p : table.all()) closeStdin(p);
        List<Integer> pids = launcher.owned();
        for (int pid : pids) {
            platform.reaper().reap(pid);
            launcher.forget(pid);
        }
    }

    /**
     * Sends {@code bytes} to the stdin of {@code p}: supervisord's NOT_RUNNING without a child or while
     * stopping, NO_FILE once the child has closed its stdin, FAILED when the pending bound is reached.
     */
    ProcessResult sendStdin(ManagedProcess p, byte[] bytes, long now) {
        if (p.config().fcgiSocket() != null) {
            return ProcessResult.of(p, Fault.NO_FILE, "an fcgi-program has no stdin: its fd 0 is the socket");
        }
        if (p.pid == 0 || p.stdin == null || p.state() == ProcessState.STOPPING) {
            return ProcessResult.of(p, Fault.NOT_RUNNING, "not running");
        }
        return switch (p.stdin.send(bytes, now)) {
            case OK -> ProcessResult.success(p);
            case CLOSED -> ProcessResult.of(p, Fault.NO_FILE, "stdin closed by the process");
            case FULL -> ProcessResult.of(p, Fault.FAILED, "stdin buffer full: the process has not read the last "
                    + ChildStdin.MAX_PENDING + " bytes");
        };
    }

    /** Retries pending stdin bytes that are due; returns the next retry deadline. */
    long flushStdin(ManagedProcess p, long now) {
        if (p.stdin == null) return Long.MAX_VALUE;
        if (p.stdin.retryAt() <= now) p.stdin.flush(now);
        return p.stdin.retryAt();
    }

    private static void closeStdin(ManagedProcess p) {
        if (p.stdin != null) {
            p.stdin.close();
            p.stdin = null;
        }
    }

    private void log(Outcome o) {
        log.log(o.level(), o.message());
    }
}
