package org.supervisordj.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.supervisordj.config.HealthConfig;
import org.supervisordj.config.LogLevel;
import org.supervisordj.config.ProbeSpec;
import org.supervisordj.events.Event;
import org.supervisordj.events.EventPublisher;
import org.supervisordj.events.EventType;
import org.supervisordj.health.NotifyMessage;
import org.supervisordj.health.NotifySocket;
import org.supervisordj.health.ProbeResult;
import org.supervisordj.health.Prober;
import org.supervisordj.logging.Reason;
import org.supervisordj.posix.PipePump;
import org.supervisordj.posix.ProcessSignals;
import org.supervisordj.posix.SpawnException;
import org.supervisordj.posix.Users;

/**
 * The engine's readiness and health side: gives each child that wants one its NOTIFY_SOCKET, runs its
 * {@code ready=} probe while STARTING and its {@code healthcheck=} while RUNNING, and turns what they
 * report into state: ready, healthy or not, a restart. Probes run on the one {@link Prober} thread
 * (started at the first probe) and notify datagrams arrive through the pipe pump; both come back here
 * as inbox tasks, so every decision is taken on the engine thread.
 */
final class HealthSupervision implements AutoCloseable {

    /** How often a ready= probe is tried while STARTING: a server that listens is RUNNING within this. */
    static final long READY_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final Platform platform;
    private final Executor inbox;
    private final EngineLog log;
    private final Supplier<EventPublisher> events;
    private final Stopping stopping;
    /** How often an exec: ready= probe is run while STARTING: a command costs a spawn, a connect does not. */
    static final long READY_EXEC_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private Prober prober; // started on first use: a daemon without probes has no probe thread
    private long sockets;  // notify sockets made, for unique names
    private final Map<Integer, ManagedProcess> execProbes = new java.util.HashMap<>(); // exec: probe pid -> its process
    private Children children;
    private Supplier<org.supervisordj.config.Configuration> config;

    HealthSupervision(Platform platform, Executor inbox, EngineLog log, Supplier<EventPublisher> events, Stopping stopping) {
        this.platform = platform;
        this.inbox = inbox;
        this.log = log;
        this.events = events;
        this.stopping = stopping;
    }

    /** Gives the exec: probes their spawner and the configuration they run under (their program's environment). */
    void spawnProbesWith(Children children, Supplier<org.supervisordj.config.Configuration> config) {
        this.children = children;
        this.config = config;
    }

    /** Before a spawn: the child's extra environment (NOTIFY_SOCKET, WATCHDOG_USEC), opening its socket. */
    Map<String, String> prepare(ManagedProcess p) throws SpawnException {
        ProcessHealth h = p.health;
        h.resetForSpawn();
        closeSocket(h);
        HealthConfig c = p.config().health();
        if (!c.usesNotifySocket()) return Map.of();
        NotifySocket socket;
        try {
            // Not the namespec: a long one would not fit in sun_path's 108 bytes.
            socket = NotifySocket.bind("supervisord-j/" + ProcessHandle.current().pid() + "/" + (++sockets),
                    senders(p), who -> inbox.execute(() -> log.log(LogLevel.WARN, "ignoring notify messages to "
                            + p.name() + " from " + who + ": only root and the program's user may send them")));
        } catch (IOException e) {
            throw new SpawnException("couldn't make the notify socket: " + Reason.of(e));
        }
        int generation = h.generation;
        try {
            platform.pump().register(socket.fd(), socket::receive, new PipePump.Sink() {
                @Override
                public void write(ByteBuffer bytes) {
                    byte[] datagram = new byte[bytes.remaining()];
                    bytes.get(datagram);
                    NotifyMessage m = NotifyMessage.parse(datagram, datagram.length);
                    inbox.execute(() -> notified(p, generation, m));
                }

                @Override
                public void eof() {
                    // only after close(): the child's exit comes from the reaper
                }
            });
        } catch (IllegalStateException e) {
            throw new SpawnException("couldn't watch the notify socket: the pipe pump has stopped");
        }
        h.socket = socket;
        return c.watchdogSecs() > 0
                ? Map.of("NOTIFY_SOCKET", socket.address(), "WATCHDOG_USEC", Long.toString(c.watchdogSecs() * 1_000_000L))
                : Map.of("NOTIFY_SOCKET", socket.address());
    }

    // Who may speak for the child on its notify socket (root always may): its own user, which is the
    // daemon's when the program has no user= (or names the daemon's).
    private static java.util.Set<Integer> senders(ManagedProcess p) {
        java.util.Set<Integer> uids = new java.util.HashSet<>();
        uids.add(ProcessSignals.geteuid());
        String user = p.config().user();
        Users.Account account = user == null ? null : Users.lookup(user);
        if (account != null) uids.add(account.uid());
        return uids;
    }

    /** The child of {@code p} runs: its ready= probe starts. */
    void spawned(ManagedProcess p) {
        ProbeSpec ready = p.config().health().ready();
        if (ready != null && (ready.kind() == ProbeSpec.Kind.TCP || ready.kind() == ProbeSpec.Kind.HTTP)) {
            watch(p, ready, 0, READY_POLL_NANOS, true);
        }
        p.health.execNextAt = platform.nanoClock().getAsLong() + READY_POLL_NANOS;
    }

    /** The spawn failed or the child is reaped: its probe and socket go. */
    void ended(ManagedProcess p) {
        ProcessHealth h = p.health;
        cancelWatch(h);
        closeSocket(h);
        h.watchdogAt = Long.MAX_VALUE;
    }

    /** {@code p} has just become RUNNING: readiness probing ends, health checks and the watchdog begin. */
    void becameRunning(ManagedProcess p, long now) {
        ProcessHealth h = p.health;
        cancelWatch(h);
        HealthConfig c = p.config().health();
        if (c.healthcheck() != null && c.healthcheck().kind() != ProbeSpec.Kind.EXEC) {
            watch(p, c.healthcheck(), secs(c.interval()), secs(c.interval()), false);
        }
        h.execNextAt = now + secs(c.interval());
        if (c.watchdogSecs() > 0 && h.socket != null) h.watchdogAt = now + secs(c.watchdogSecs());
    }

    /**
     * Returns the next nanoTime {@code p} needs a tick for (its watchdog), acting on a watchdog that
     * has expired.
     */
    long tick(ManagedProcess p, long now) {
        return Math.min(execTick(p, now), watchdogTick(p, now));
    }

    /** The exec: probe due for {@code p} now: its ready= while STARTING, its healthcheck= while RUNNING, or null. */
    private static ProbeSpec execSpec(ManagedProcess p) {
        HealthConfig c = p.config().health();
        ProcessHealth h = p.health;
        if (p.state() == ProcessState.STARTING && c.ready() != null && c.ready().kind() == ProbeSpec.Kind.EXEC
                && !h.ready && h.notReady == null) return c.ready();
        if (p.state() == ProcessState.RUNNING && c.healthcheck() != null && c.healthcheck().kind() == ProbeSpec.Kind.EXEC
                && p.goal() == Goal.UP) return c.healthcheck();
        return null;
    }

    private long execTick(ManagedProcess p, long now) {
        ProcessHealth h = p.health;
        if (h.execPid != 0) {
            long deadline = h.execStartedAt + secs(p.config().health().timeout());
            if (now < deadline || h.execTimedOut) return h.execTimedOut ? Long.MAX_VALUE : deadline;
            h.execTimedOut = true; // its exit, which SIGKILL brings, is the failed result
            try {
                org.supervisordj.posix.ProcessSignals.kill(h.execPid, org.supervisordj.posix.Signals.KILL);
            } catch (org.supervisordj.posix.PosixException e) {
                log.log(LogLevel.WARN, "couldn't kill the exec: check of " + p.name() + ": " + e.getMessage());
            }
            return Long.MAX_VALUE;
        }
        ProbeSpec spec = execSpec(p);
        if (spec == null || children == null) return Long.MAX_VALUE;
        if (now < h.execNextAt) return h.execNextAt;
        try {
            int pid = children.spawnProbe(p, spec.argv(), config.get());
            h.execPid = pid;
            h.execStartedAt = now;
            h.execTimedOut = false;
            execProbes.put(pid, p);
            return now + secs(p.config().health().timeout());
        } catch (SpawnException e) {
            h.execNextAt = now + nextExecDelay(p);
            probed(p, h.generation, p.state() == ProcessState.STARTING, new ProbeResult(false, e.getMessage()));
            return h.execNextAt;
        }
    }

    /**
     * Returns true if {@code pid} was an exec: probe, whose exit is then its result: exit 0 passes.
     * Called by the engine when it has reaped a pid no process owns.
     */
    boolean probeExited(int pid, org.supervisordj.posix.WaitStatus status, long now) {
        ManagedProcess p = execProbes.remove(pid);
        if (p == null) return false;
        ProcessHealth h = p.health;
        if (h.execPid != pid) return true; // an earlier child's probe, outlived by a restart
        h.execPid = 0;
        h.execNextAt = Math.max(now, h.execStartedAt + nextExecDelay(p));
        int code = status.exitStatusForSupervisord();
        ProbeResult r = h.execTimedOut ? new ProbeResult(false, "timed out after " + p.config().health().timeout() + " s")
                : code == 0 ? new ProbeResult(true, "exit status 0") : new ProbeResult(false, status.describe());
        boolean forReadiness = p.state() == ProcessState.STARTING;
        if (forReadiness || p.state() == ProcessState.RUNNING) probed(p, h.generation, forReadiness, r);
        return true;
    }

    private static long nextExecDelay(ManagedProcess p) {
        return p.state() == ProcessState.STARTING ? READY_EXEC_POLL_NANOS : secs(p.config().health().interval());
    }

    private long watchdogTick(ManagedProcess p, long now) {
        ProcessHealth h = p.health;
        if (h.watchdogAt == Long.MAX_VALUE || p.state() != ProcessState.RUNNING) return Long.MAX_VALUE;
        if (now < h.watchdogAt) return h.watchdogAt;
        h.watchdogAt = Long.MAX_VALUE;
        HealthConfig c = p.config().health();
        h.lastResult = "no WATCHDOG=1 for " + c.watchdogSecs() + " s";
        h.healthy = false;
        h.fails = 1;
        publish(p, EventType.PROCESS_HEALTH_UNHEALTHY, h.lastResult);
        unhealthy(p, "watchdog: " + p.name() + " sent no WATCHDOG=1 for " + c.watchdogSecs() + " s (watchdog_secs)", now);
        return Long.MAX_VALUE;
    }

    private void notified(ManagedProcess p, int generation, NotifyMessage m) {
        ProcessHealth h = p.health;
        if (generation != h.generation || p.pid == 0) return; // from an earlier child, or after its exit
        long now = platform.nanoClock().getAsLong();
        if (m.status() != null) h.status = m.status();
        if (m.stopping()) h.phase = "stopping";
        if (m.reloading()) h.phase = "reloading";
        if (m.ready()) {
            if (h.phase != null && h.phase.equals("reloading")) h.phase = null;
            if (p.state() == ProcessState.STARTING && h.notReady == null) h.ready = true;
        }
        if (m.watchdog() && p.state() == ProcessState.RUNNING && p.config().health().watchdogSecs() > 0) {
            h.watchdogAt = now + secs(p.config().health().watchdogSecs());
        }
    }

    private void probed(ManagedProcess p, int generation, boolean forReadiness, ProbeResult r) {
        ProcessHealth h = p.health;
        if (generation != h.generation) return;
        h.lastResult = r.detail();
        if (forReadiness) {
            if (r.ok() && p.state() == ProcessState.STARTING && h.notReady == null) {
                h.ready = true;
                cancelWatch(h);
            }
            return;
        }
        if (p.state() != ProcessState.RUNNING) return;
        HealthConfig c = p.config().health();
        if (r.ok()) {
            h.oks++;
            h.fails = 0;
            if (h.healthy == null || (!h.healthy && h.oks >= c.rise())) {
                boolean recovered = h.healthy != null;
                h.healthy = true;
                if (recovered) {
                    log.log(LogLevel.INFO, "healthy: " + p.name() + " (" + h.oks + " passed: " + r.detail() + ")");
                    publish(p, EventType.PROCESS_HEALTH_HEALTHY, r.detail());
                }
            }
            return;
        }
        h.oks = 0;
        h.fails++;
        if (!Boolean.FALSE.equals(h.healthy) && h.fails >= c.fall()) {
            h.healthy = false;
            publish(p, EventType.PROCESS_HEALTH_UNHEALTHY, r.detail());
            unhealthy(p, "unhealthy: " + p.name() + " (" + h.fails + " failed: " + r.detail() + ")",
                    platform.nanoClock().getAsLong());
        }
    }

    private void unhealthy(ManagedProcess p, String why, long now) {
        if (p.config().health().action() == HealthConfig.Action.REPORT || p.goal() != Goal.UP) {
            log.log(LogLevel.WARN, why);
            return;
        }
        log.log(LogLevel.WARN, why + "; restarting it (healthcheck_action=restart)");
        if (stopping.stop(p, now) == Transitions.StopDecision.SIGNAL) p.health.restartDue = true;
    }

    private void watch(ManagedProcess p, ProbeSpec spec, long firstDelay, long interval, boolean forReadiness) {
        ProcessHealth h = p.health;
        cancelWatch(h);
        int generation = h.generation;
        try {
            h.watch = prober().watch(spec, firstDelay, interval, secs(p.config().health().timeout()),
                    r -> probed(p, generation, forReadiness, r));
        } catch (IOException e) {
            log.log(LogLevel.ERROR, "couldn't start the probe thread (" + Reason.of(e) + "); " + p.name()
                    + "'s " + spec + " is not checked");
        }
    }

    private Prober prober() throws IOException {
        if (prober == null) prober = new Prober(inbox, platform.nanoClock());
        return prober;
    }

    private void publish(ManagedProcess p, EventType type, String detail) {
        EventPublisher publisher = events.get();
        if (!publisher.wants(type)) return;
        publisher.publish(Event.of(type, "processname:" + p.name() + " groupname:" + p.config().group() + " pid:" + p.pid
                + " failures:" + p.health.fails + " result:" + detail, platform.epochMillis().getAsLong()));
    }

    private static void cancelWatch(ProcessHealth h) {
        if (h.watch != null) {
            h.watch.cancel();
            h.watch = null;
        }
    }

    private static void closeSocket(ProcessHealth h) {
        if (h.socket != null) {
            h.socket.close();
            h.socket = null;
        }
    }

    /** Stops the probe thread and kills the exec: probes still running; the engine has ended. */
    @Override
    public void close() {
        if (prober != null) prober.close();
        for (int pid : execProbes.keySet()) {
            try {
                org.supervisordj.posix.ProcessSignals.kill(pid, org.supervisordj.posix.Signals.KILL);
            } catch (org.supervisordj.posix.PosixException e) {
                // gone already
            }
        }
    }

    private static long secs(long s) {
        return TimeUnit.SECONDS.toNanos(s);
    }
}
