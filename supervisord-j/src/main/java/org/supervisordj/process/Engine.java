package org.supervisordj.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.GroupConfig;
import org.supervisordj.config.LogLevel;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.events.EventPublisher;
import org.supervisordj.events.EventType;
import org.supervisordj.logging.Reason;
import org.supervisordj.posix.Signals;

/**
 * The supervisor: one thread, "supervisor", owns every {@link ManagedProcess}. Other threads (HTTP,
 * reaper, signal bridge) post tasks to its inbox and get futures back; readers use {@link #snapshot()}.
 * Between events the thread sleeps until its next deadline (startsecs, backoff, stopwaitsecs, crash
 * restart), so an idle daemon does no work at all. It decides and dispatches: {@link Transitions} holds
 * the state machine, {@link Children} spawns and reaps, {@link Stopping} stops, retires reloaded groups
 * and runs the shutdown, {@link Inbox} carries tasks and replies. If the thread dies, every program
 * goes with it and {@link #terminated()} fails (see {@link #run()}).
 */
public final class Engine {

    private final Inbox inbox;
    private final Platform platform;
    private final EngineLog log;
    private final Children children;
    private final ProcessTable table = new ProcessTable();
    private final Stopping stopping;
    private final HeldSockets sockets;
    private final HealthSupervision health;
    private final Dependencies dependencies;
    private final List<StateListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private Configuration config; // engine thread only, once booted
    private volatile List<ProcessInfo> snapshot = List.of();
    private volatile boolean shuttingDown;
    private volatile EngineStoppedException failure; // set once the loop has died (or been aborted)
    private volatile EngineStoppedException abort;   // asked by another thread: die with this at the next turn
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile long wakeups; // loop iterations, for metrics and the idle test
    private boolean restarting; // engine thread: a restartAll's groups are not all back yet
    private volatile EventPublisher events = EventPublisher.NONE;
    private volatile EventListeners eventListeners = EventListeners.NONE;
    private final ProcessEvents processEvents;
    private final java.util.Map<String, RollingUpdate> rolls = new java.util.HashMap<>(); // engine thread: rolling updates under way
    private final java.util.Set<String> rollsUnfinished = new java.util.HashSet<>(); // engine thread: stopped mid-way, mixed old and new

    /** Creates an engine for {@code config}; nothing runs until {@link #boot()}. */
    public Engine(Configuration config, Platform platform, EngineLog log) {
        this.config = config;
        this.platform = platform;
        this.log = log;
        this.inbox = new Inbox(log);
        this.stopping = new Stopping(table, log);
        this.sockets = new HeldSockets(log);
        // Here, on the daemon's thread before it drops privileges, so ports below 1024 can be bound.
        sockets.open(config);
        this.processEvents = new ProcessEvents(() -> events, platform.epochMillis());
        this.health = new HealthSupervision(platform, this::post, log, this::events, stopping);
        this.children = new Children(platform, table, stopping, log, listeners, sockets, health, processEvents,
                () -> eventListeners, this::events);
        health.spawnProbesWith(children, () -> this.config);
        this.dependencies = new Dependencies(table, children, stopping, log, () -> this.config);
        table.onRemoved(this::groupRemoved);
        this.snapshot = configured(config);
        this.thread = new Thread(this::run, "supervisor");
        thread.setDaemon(true);
        inbox.ownedBy(thread);
        // Children write into pipes only the pump drains: without it they would block, so we go too.
        platform.pump().died().thenAccept(cause -> abort("the pipe pump", cause));
        // First in the inbox, whatever is posted before boot() (a signal, an API request): they find the groups.
        post(() -> {
            dependencies.use(config);
            for (GroupConfig g : config.groups()) addGroup(g);
            // Readers see every process (STOPPED) at once, as supervisord's, not an empty list until
            // the autostarts below have all been spawned.
            publish();
            processEvents.supervisor(EventType.SUPERVISOR_STATE_CHANGE_RUNNING); // as supervisord: before any start
            for (ProcessTable.Group g : table.groupsInStartOrder()) autostart(g);
        });
    }

    /** Starts the supervisor thread, which adds every group and starts the autostart programs in priority order. */
    public void boot() {
        thread.start();
    }

    /** Returns the latest published state of every process, groups in start order; never blocks. */
    public List<ProcessInfo> snapshot() {
        return snapshot;
    }

    /** Returns the spawn durations so far (GET /metrics); any thread. */
    public SpawnLatency spawnLatency() {
        return children.spawnLatency;
    }

    /** Returns the bytes each program has written to its stdout and stderr (GET /metrics); any thread. */
    public OutputBytes outputBytes() {
        return children.outputBytes;
    }

    /** Returns how many times the engine thread has woken up (events plus deadlines) since boot. */
    long wakeups() {
        return wakeups;
    }

    /** Sets where events (process states, groups, log output) go; call before {@link #boot()}. */
    public void publishEventsTo(EventPublisher publisher) {
        this.events = java.util.Objects.requireNonNull(publisher);
    }

    /** Returns where events go ({@link EventPublisher#NONE} until {@link #publishEventsTo} is called). */
    EventPublisher events() {
        return events;
    }

    /** Sets who serves the {@code [eventlistener:x]} pools; call before {@link #boot()}. */
    public void serveEventListeners(EventListeners pools) {
        this.eventListeners = java.util.Objects.requireNonNull(pools);
        stopping.drainPoolsWith(pools::delivering);
    }

    /**
     * Writes {@code bytes} to the stdin of the listener run {@code channel} stands for, never blocking;
     * completes false when that run is over or its stdin is closed or full (nothing was written).
     */
    public CompletableFuture<Boolean> sendToListener(ListenerChannel channel, byte[] bytes) {
        return submit(() -> {
            ManagedProcess p = table.byChannel(channel);
            if (p == null || p.channel != channel || p.stdin == null || p.pid == 0) return done(false);
            return done(p.stdin.send(bytes, now()) == ChildStdin.Sent.OK);
        });
    }

    /** Registers a listener called on the engine thread after every state change. */
    public void addListener(StateListener listener) {
        listeners.add(listener);
    }

    /** Starts the processes named by {@code namespec}; with {@code wait}, completes when each is RUNNING or failed. */
    public CompletableFuture<List<ProcessResult>> start(String namespec, boolean wait) {
        return submit(() -> forEach(namespec, p -> doStart(p, wait)));
    }

    /**
     * Stops the processes named by {@code namespec} and, before them, the processes that depend on them
     * (depends_on, transitively) and are up or about to start, as systemd's Requires= does; the results
     * list the named processes, then those dependents. With {@code wait}, completes when each has stopped.
     */
    public CompletableFuture<List<ProcessResult>> stop(String namespec, boolean wait) {
        return stop(namespec, wait, true);
    }

    /** As {@link #stop(String, boolean)}; without {@code withDependents} only what {@code namespec} names is stopped. */
    public CompletableFuture<List<ProcessResult>> stop(String namespec, boolean wait, boolean withDependents) {
        return submit(() -> stopTogether(namespec, wait, withDependents));
    }

    /**
     * Stops (waiting) and then starts the processes named by {@code namespec}; the results are the starts'.
     * Their dependents keep running (unlike systemd's Requires=): the dependency comes back, and a
     * front end such as nginx rides out the gap rather than adding an outage of its own.
     */
    public CompletableFuture<List<ProcessResult>> restart(String namespec, boolean wait) {
        return stop(namespec, true, false).thenCompose(stopped -> stopped.stream().anyMatch(
                r -> r.fault() == Fault.BAD_NAME || r.fault() == Fault.SHUTDOWN_STATE)
                ? CompletableFuture.completedFuture(stopped) : start(namespec, wait));
    }

    // One stop request: the named processes and (withDependents) their dependents in one batch, so that
    // each waits for its dependents' exit.
    private CompletableFuture<List<ProcessResult>> stopTogether(String namespec, boolean wait, boolean withDependents) {
        List<ManagedProcess> named = shuttingDown ? null : table.resolve(namespec);
        if (named == null) return forEach(namespec, p -> doStop(p, wait)); // answers SHUTDOWN_STATE or BAD_NAME
        List<ManagedProcess> batch = new ArrayList<>(named);
        if (withDependents) batch.addAll(dependencies.activeDependents(named));
        return dependencies.stoppingTogether(batch, () -> forEach(batch, p -> doStop(p, wait)));
    }

    /**
     * Restarts the processes named by {@code namespec} one at a time, in start order: stops one, starts
     * it and waits until it is RUNNING (startsecs passed) before the next is stopped, so the others keep
     * serving (on a shared held socket the kernel queues what arrives meanwhile). A process that does not
     * come back stops the roll: the ones after it are not touched and answer FAILED, naming it.
     */
    public CompletableFuture<List<ProcessResult>> restartRolling(String namespec) {
        return submit(() -> {
            if (shuttingDown) return done(List.of(new ProcessResult(namespec, null, Fault.SHUTDOWN_STATE, "shutting down")));
            List<ManagedProcess> ps = table.resolve(namespec);
            if (ps == null) return done(List.of(new ProcessResult(namespec, null, Fault.BAD_NAME, "no such process")));
            return RollingRestart.run(ps.stream().map(p -> p.config().namespec()).toList(), this::restartOne);
        });
    }

    // One step of a roll, on the engine thread. The process is looked up at the stop and again at the
    // start: a reload meanwhile may have retired it, and a retired record must never spawn.
    private CompletableFuture<ProcessResult> restartOne(String namespec) {
        return submit(() -> {
            ManagedProcess p = rolling(namespec, null);
            if (p == null) return done(notRollable(namespec));
            return doStop(p, true).thenCompose(stopped -> stopped.fault() == Fault.FAILED ? done(stopped)
                    : submit(() -> rolling(namespec, p) == null ? done(notRollable(namespec)) : doStart(p, true)));
        });
    }

    /** The one live process {@code namespec} names (and it must be {@code expected}, when given), else null. */
    private ManagedProcess rolling(String namespec, ManagedProcess expected) {
        List<ManagedProcess> ps = shuttingDown ? null : table.resolve(namespec);
        if (ps == null || ps.size() != 1 || stopping.isReplacing(ps.get(0).config().group())) return null;
        return expected == null || ps.get(0) == expected ? ps.get(0) : null;
    }

    private ProcessResult notRollable(String namespec) {
        return new ProcessResult(namespec, null, shuttingDown ? Fault.SHUTDOWN_STATE : Fault.BAD_NAME,
                shuttingDown ? "shutting down" : "removed or replaced by a reload during the roll");
    }

    /** Sends {@code signal} (name or number) to each named process that has a live child. */
    public CompletableFuture<List<ProcessResult>> signal(String namespec, String signal) {
        int sig;
        try {
            sig = Signals.number(signal);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(List.of(new ProcessResult(namespec, null, Fault.BAD_SIGNAL, signal)));
        }
        return submit(() -> forEach(namespec, p -> CompletableFuture.completedFuture(doSignal(p, sig))));
    }

    /** Writes {@code bytes} to the stdin of the one process {@code namespec} names, never blocking. */
    public CompletableFuture<ProcessResult> sendStdin(String namespec, byte[] bytes) {
        byte[] copy = bytes.clone();
        return submit(() -> {
            List<ManagedProcess> ps = shuttingDown ? null : table.resolve(namespec);
            String name = namespec.substring(namespec.indexOf(':') + 1); // supervisord's split_namespec
            if (ps == null || ps.size() != 1 || !ps.get(0).config().name().equals(name)) {
                return done(shuttingDown ? new ProcessResult(namespec, null, Fault.SHUTDOWN_STATE, "shutting down")
                        : new ProcessResult(namespec, null, Fault.BAD_NAME, "no such process"));
            }
            return done(children.sendStdin(ps.get(0), copy, now()));
        });
    }

    /**
     * Applies a new configuration: added groups start, removed ones stop and go, changed ones (any
     * ProgramConfig differs) stop and come back with the new settings; unchanged ones are not touched.
     */
    public CompletableFuture<ReloadResult> reload(Configuration newConfig) {
        return submit(() -> CompletableFuture.completedFuture(doReload(newConfig, false, null)));
    }

    /** What a rolling update changed, and each rolled process's outcome. */
    public record RolledUpdate(ReloadResult changes, List<ProcessResult> rolled) {
    }

    /**
     * As {@link #reload}, but a changed program group rolls instead of stopping whole (see
     * {@link RollingUpdate}): one process at a time, each replacement RUNNING before the next old one
     * stops, so the others keep serving on their held sockets. Completes once every roll is over; a
     * replacement that fails stops its group's roll, the old processes after it keep running, and a
     * later update (rolling or not) takes that group up again. Added and removed groups, and event
     * listener pools, are applied as by {@link #reload}.
     */
    public CompletableFuture<RolledUpdate> reloadRolling(Configuration newConfig) {
        return submit(() -> {
            List<RollingUpdate> started = new ArrayList<>();
            ReloadResult diff = doReload(newConfig, false, started);
            List<CompletableFuture<List<ProcessResult>>> each = new ArrayList<>();
            for (RollingUpdate u : started) each.add(u.run(namespec -> rollStep(u, namespec)).thenApply(results -> {
                finishRoll(u, results);
                return results;
            }));
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> new RolledUpdate(diff,
                    each.stream().flatMap(f -> f.join().stream()).toList()));
        });
    }

    // One step of a rolling update, on the engine thread; the group is looked up again at each stage,
    // since a reload or the shutdown may have taken it over meanwhile.
    private CompletableFuture<ProcessResult> rollStep(RollingUpdate u, String namespec) {
        return submit(() -> {
            String name = namespec.substring(namespec.indexOf(':') + 1);
            if (!rollGoesOn(u)) return done(notRollable(namespec));
            ManagedProcess old = find(u.group, name);
            if (u.steps.get(namespec) == RollingUpdate.Kind.ADD) {
                if (old != null) return done(ProcessResult.success(old));
                return startIfDue(swapIn(u, null, u.targetOf(name)), false);
            }
            if (old == null) return done(notRollable(namespec));
            boolean wasUp = old.goal() == Goal.UP || !old.state().isStopped();
            CompletableFuture<ProcessResult> stopped = old.state().isStopped() ? done(ProcessResult.success(old)) : doStop(old, true);
            return stopped.thenCompose(s -> s.fault() == Fault.FAILED ? done(s) : submit(() -> {
                if (!rollGoesOn(u) || find(u.group, name) != old || Transitions.holdsStopBack(old)) {
                    return done(notRollable(namespec));
                }
                if (u.steps.get(namespec) == RollingUpdate.Kind.REMOVE) {
                    swapOut(u, old);
                    return done(ProcessResult.success(old));
                }
                return startIfDue(swapIn(u, old, u.targetOf(name)), wasUp);
            }));
        });
    }

    private boolean rollGoesOn(RollingUpdate u) {
        return !u.cancelled && !shuttingDown && !stopping.isReplacing(u.group) && table.group(u.group) != null;
    }

    private CompletableFuture<ProcessResult> startIfDue(ManagedProcess p, boolean wasUp) {
        if (!wasUp && !p.config().autostart()) return done(ProcessResult.success(p));
        return doStart(p, true);
    }

    private ManagedProcess find(String group, String name) {
        ProcessTable.Group g = table.group(group);
        if (g == null) return null;
        for (ManagedProcess p : g.processes()) if (p.config().name().equals(name)) return p;
        return null;
    }

    /** Puts a new process with {@code next}'s settings in place of {@code old} (none: beside the others). */
    private ManagedProcess swapIn(RollingUpdate u, ManagedProcess old, ProgramConfig next) {
        List<ManagedProcess> ps = new ArrayList<>(table.group(u.group).processes());
        if (old != null) {
            ps.remove(old);
            ChildLogs.closeQuietly(old, log);
        }
        ManagedProcess fresh = new ManagedProcess(next);
        ps.add(fresh);
        table.swap(u.group, u.target, ps);
        adopt(fresh);
        return fresh;
    }

    private void swapOut(RollingUpdate u, ManagedProcess old) {
        List<ManagedProcess> ps = new ArrayList<>(table.group(u.group).processes());
        ps.remove(old);
        ChildLogs.closeQuietly(old, log);
        table.swap(u.group, u.target, ps);
    }

    private void finishRoll(RollingUpdate u, List<ProcessResult> results) {
        if (rolls.get(u.group) != u) return; // taken over by a later reload, which owns the group now
        rolls.remove(u.group);
        if (results.stream().allMatch(ProcessResult::ok)) {
            rollsUnfinished.remove(u.group);
            log.log(LogLevel.INFO, "rolling update of " + u.group + " done");
        } else {
            rollsUnfinished.add(u.group);
            log.log(LogLevel.ERROR, "rolling update of " + u.group + " stopped: " + results.stream()
                    .filter(r -> !r.ok()).findFirst().map(ProcessResult::description).orElse("")
                    + "; the processes not yet replaced keep their old settings");
        }
    }

    /**
     * supervisord's {@code restart}: as {@link #reload}, but every group that stays is stopped and comes
     * back too, with new process records (counters reset); the daemon and its pid stay.
     */
    public CompletableFuture<ReloadResult> restartAll(Configuration newConfig) {
        return submit(() -> CompletableFuture.completedFuture(doReload(newConfig, true, null)));
    }

    /**
     * Stops every group in reverse priority order; completes once no child is left. Idempotent: after
     * the end it answers as {@link #terminated()} does.
     */
    public CompletableFuture<Void> shutdown() {
        return submit(() -> {
            if (!shuttingDown) processEvents.supervisor(EventType.SUPERVISOR_STATE_CHANGE_STOPPING);
            shuttingDown = true;
            return stopping.beginShutdown(now(), dependencies.shutdownOrder());
        }).exceptionallyCompose(e -> terminated);
    }

    /**
     * Completes once the supervisor thread has run a task: proof its loop is turning (systemd's
     * watchdog). Fails once the engine has ended.
     */
    public CompletableFuture<Void> ping() {
        return submit(() -> CompletableFuture.completedFuture(null));
    }

    /**
     * Completes when the supervisor thread has ended: normally after {@link #shutdown()}, or with an
     * {@link EngineStoppedException} when it died (or was aborted), once it has stopped every program.
     */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** Returns true from the moment the engine has failed: it no longer supervises anything. */
    public boolean failed() {
        return failure != null;
    }

    /**
     * Any thread: {@code what} (another thread of the daemon) died of {@code cause} and the daemon
     * cannot go on without it; the engine ends as if it had died itself, stopping every program.
     */
    public void abort(String what, Throwable cause) {
        if (abort == null) abort = EngineStoppedException.failed(what, cause);
        inbox.post(() -> { }); // wake the loop
    }

    /** Reopens every child log file by name (SIGUSR2). */
    public CompletableFuture<Void> reopenLogs() {
        return submit(() -> {
            for (ManagedProcess p : table.all()) {
                try {
                    ChildLogs.reopen(p);
                } catch (java.io.IOException e) {
                    log.log(LogLevel.WARN, "couldn't reopen log of " + p.name() + ": " + Reason.of(e));
                }
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * The {@link org.supervisordj.posix.Reaper.Listener} of this engine, called on the reaper thread:
     * claims {@code pid} if we spawned it and posts its exit; the engine then reaps it on its own
     * thread, in the same step that forgets the pid, so a reaped pid is never signalled.
     */
    public boolean childExited(int pid) {
        // Not ours: an orphan we adopted as subreaper; the reaper reaps it quietly. Nor once we have
        // ended: nothing will signal our pids any more (and a dying engine reaps its own at its end).
        if (!children.owns(pid) || terminated.isDone()) {
            return false;
        }
        post(() -> children.reaped(pid, now()));
        return true;
    }

    // ---- engine thread ---------------------------------------------------------------------

    /**
     * Faults here come in two kinds. A RuntimeException in one task, one process's tick or one listener
     * is that task's failure: logged, and the loop goes on, every other process intact. Anything else
     * (an Error, an exception from the loop's own bookkeeping: publishing, shutdown and reload progress)
     * means the engine can no longer be trusted: it dies loudly, see {@link #die}.
     */
    private void run() {
        try {
            loop();
            publish();
            inbox.close(EngineStoppedException.shutDown());
            inbox.replyAfterPublish();
            sockets.closeAll();
            health.close();
            stopping.complete();
            terminated.complete(null);
        } catch (Throwable t) {
            die(t);
        }
    }

    private void loop() throws InterruptedException {
        while (true) {
            if (abort != null) throw abort;
            wakeups++; // single writer: the engine thread
            long now = now();
            long wakeAt = tick(now);
            publish();
            inbox.replyAfterPublish();
            if (stopping.shutdownComplete()) {
                return;
            }
            inbox.runNext(wakeAt == Long.MAX_VALUE ? Long.MAX_VALUE : wakeAt - now());
        }
    }

    /**
     * The loop died of {@code cause}: refuse every request from now on, say so, stop every program as a
     * shutdown would end it, reap what we spawned, then fail {@link #terminated()} so the daemon exits
     * non-zero (systemd restarts it). Still on the engine thread, so the process table is ours to read.
     */
    private void die(Throwable cause) {
        EngineStoppedException why = cause instanceof EngineStoppedException e ? e
                : EngineStoppedException.failed("the supervisor thread", cause);
        failure = why;
        try {
            inbox.close(why); // everyone waiting hears of it now, not after the programs have stopped
            for (ManagedProcess p : table.all()) p.failWaiters(why);
            inbox.replyAfterPublish();
            log.log(LogLevel.CRITICAL, why.logLine());
            Thread.interrupted(); // an interrupt was the cause, or came with it: the stop below must wait
            stopping.emergencyStop(children::owns, platform.nanoClock());
        } catch (Throwable again) {
            System.err.println("supervisord-j: stopping the programs after a failure failed too: " + again);
        } finally {
            health.close();
            children.reapAll(); // the reaper waits for us to reap: release it
            sockets.closeAll();
            stopping.fail(why);
            terminated.completeExceptionally(why);
        }
    }

    private long tick(long now) {
        List<ProcessTable.Group> back = new ArrayList<>();
        for (GroupConfig g : stopping.advance(now)) back.add(addGroup(g));
        if (restarting && !stopping.isReplacing()) {
            restarting = false; // supervisord's restart runs again: RUNNING once every group is back, before starts
            if (!shuttingDown) processEvents.supervisor(EventType.SUPERVISOR_STATE_CHANGE_RUNNING);
        }
        for (ProcessTable.Group g : back) autostart(g);
        long wakeAt = stopping.wakeAt();
        List<ManagedProcess> all = table.all();
        for (ManagedProcess p : all) {
            wakeAt = Math.min(wakeAt, Math.min(tickOne(p, now), children.flushStdin(p, now)));
            wakeAt = Math.min(wakeAt, health.tick(p, now));
        }
        // After the ticks, which may have made a dependency RUNNING; a start here is ticked again at once.
        for (ManagedProcess p : all) if (dependencies.due(p, shuttingDown, now)) wakeAt = now;
        return wakeAt;
    }

    private long tickOne(ManagedProcess p, long now) {
        // A few rounds: a spawn with startsecs=0 is RUNNING in the same tick; a 4th failed start is FATAL at once.
        for (int round = 0; round < 4; round++) {
            try {
                Step step = Transitions.onTick(p, now);
                switch (step.action()) {
                    case IDLE, WAIT -> {
                        return step.wakeAt();
                    }
                    case BECOME_RUNNING -> {
                        log(Transitions.becomeRunning(p));
                        health.becameRunning(p, now);
                    }
                    case NOT_READY -> {
                        log(Transitions.notReady(p, now));
                        stopping.sendStopSignal(p);
                    }
                    case GIVE_UP -> log(Transitions.giveUp(p));
                    case KILL -> stopping.escalate(p, now);
                    case SPAWN -> {
                        if (p.state() == ProcessState.EXITED) {
                            p.restartCount++;
                            // A crash restart waits for unmet dependencies as a start does; due() takes it from here.
                            if (dependencies.holdRestart(p)) return Long.MAX_VALUE;
                        }
                        children.spawn(p, config, now);
                    }
                }
            } catch (RuntimeException e) {
                log.log(LogLevel.ERROR, "unexpected error in " + p.config().namespec() + ": " + e
                        + "; moved to UNKNOWN");
                p.moveTo(ProcessState.UNKNOWN); // stop acting on it rather than failing in a loop
                return Long.MAX_VALUE;
            }
        }
        return now;
    }

    private CompletableFuture<ProcessResult> doStart(ManagedProcess p, boolean wait) {
        if (stopping.isReplacing(p.config().group())) {
            return done(ProcessResult.of(p, Fault.STILL_RUNNING, "still stopping for a reload"));
        }
        if (p.health.stopAfterDependents) { // a stop still waiting for its dependents: the start wins
            p.health.stopAfterDependents = false;
            p.setGoal(Goal.UP);
        }
        Transitions.StartRefusal refused = Transitions.start(p);
        if (refused != null) return done(ProcessResult.of(p, refused.fault(), refused.reason()));
        dependencies.startOrHold(p, true, now());
        if (p.state() == ProcessState.BACKOFF) return done(ProcessResult.of(p, Fault.SPAWN_ERROR, p.spawnerr));
        if (p.health.held != null && p.health.holdFailed) return done(ProcessResult.of(p, Fault.SPAWN_ERROR, p.health.held));
        if (!wait) return done(ProcessResult.success(p));
        return p.await(true);
    }

    private CompletableFuture<ProcessResult> doStop(ManagedProcess p, boolean wait) {
        p.health.restartDue = false;
        if (p.health.held != null) {
            // a start waiting for its dependencies: the stop cancels it
            p.health.held = null;
            p.setGoal(Goal.DOWN);
            p.refuseStartWaiters(Fault.ABNORMAL_TERMINATION, "stopped while waiting for its dependencies");
            return done(ProcessResult.success(p));
        }
        if (dependencies.stopAfterDependents(p)) return wait ? p.await(false) : done(ProcessResult.success(p));
        return switch (stopping.stop(p, now())) {
            case NOT_RUNNING -> done(ProcessResult.of(p, Fault.NOT_RUNNING, "not running"));
            case STOPPED -> done(ProcessResult.success(p));
            case SIGNAL -> {
                if (p.state() == ProcessState.UNKNOWN) yield done(ProcessResult.of(p, Fault.FAILED, "signal failed"));
                yield wait ? p.await(false) : done(ProcessResult.success(p));
            }
        };
    }

    private ProcessResult doSignal(ManagedProcess p, int sig) {
        if (!p.state().isSignallable()) return ProcessResult.of(p, Fault.NOT_RUNNING, "not running");
        return stopping.send(p, sig, false) ? ProcessResult.success(p)
                : ProcessResult.of(p, Fault.FAILED, "kill failed");
    }

    /**
     * Applies {@code newConfig}; with {@code rolled} (a rolling update), the changed program groups
     * that can roll are left out of the stop-whole replacement and their rolls are added to it, to run.
     */
    private ReloadResult doReload(Configuration newConfig, boolean everyGroup, List<RollingUpdate> rolled) {
        if (shuttingDown) return new ReloadResult(List.of(), List.of(), List.of());
        ReloadResult between = ReloadResult.between(config, newConfig);
        // A roll that stopped mid-way left old processes: the group is changed until an update finishes it.
        List<String> changed = new ArrayList<>(between.changed());
        for (String g : rollsUnfinished) {
            if (!changed.contains(g) && newConfig.groups().stream().anyMatch(c -> c.name().equals(g))) changed.add(g);
        }
        ReloadResult changes = new ReloadResult(between.added(), changed, between.removed());
        List<String> staying = table.groupsInStartOrder().stream().map(g -> g.config().name())
                .filter(n -> !changes.removed().contains(n)).toList();
        ReloadResult diff = everyGroup ? new ReloadResult(changes.added(), staying, changes.removed()) : changes;
        for (String g : diff.changed()) cancelRoll(g);
        for (String g : diff.removed()) cancelRoll(g);
        List<String> wholesale = new ArrayList<>(diff.changed());
        if (rolled != null) {
            for (GroupConfig g : newConfig.groups()) {
                ProcessTable.Group current = table.group(g.name());
                if (!diff.changed().contains(g.name()) || stopping.isReplacing(g.name())
                        || !RollingUpdate.rollable(current, g)) continue;
                RollingUpdate u = new RollingUpdate(current, g);
                rolls.put(g.name(), u);
                rolled.add(u);
                wholesale.remove(g.name());
                table.swap(g.name(), g, current.processes()); // the group's own settings (priority) apply now
            }
        }
        config = newConfig; // later spawns see the new [supervisord] environment and server URL
        sockets.open(newConfig); // unchanged sockets stay; the old children keep a removed one until they exit
        dependencies.use(newConfig);
        if (everyGroup && !restarting) {
            restarting = true; // as supervisord's restart: STOPPING now, RUNNING when all are back (tick)
            processEvents.supervisor(EventType.SUPERVISOR_STATE_CHANGE_STOPPING);
        }
        ReloadResult replaced = new ReloadResult(diff.added(), wholesale, diff.removed());
        for (GroupConfig g : stopping.reload(replaced, newConfig, now())) autostart(addGroup(g));
        log.log(LogLevel.INFO, (everyGroup ? "restarting: added " : "reloaded configuration: added ") + diff.added() + ", changed " + diff.changed()
                + ", removed " + diff.removed());
        return diff;
    }

    private void cancelRoll(String group) {
        RollingUpdate u = rolls.remove(group);
        if (u != null) u.cancelled = true;
        rollsUnfinished.remove(group);
    }

    private ProcessTable.Group addGroup(GroupConfig g) {
        ProcessTable.Group group = table.add(g);
        if (g.isListenerPool()) eventListeners.poolAdded(g);
        for (ManagedProcess p : group.processes()) {
            if (g.isListenerPool()) p.pool = g.name();
            adopt(p);
        }
        processEvents.group(EventType.PROCESS_GROUP_ADDED, g.name());
        return group;
    }

    private void adopt(ManagedProcess p) {
        p.observe(this::changed);
        try {
            ChildLogs.open(p, config.supervisord(), this::events, platform.syslog(), log); // like supervisord: log files exist once the group does
        } catch (java.io.IOException e) {
            log.log(LogLevel.WARN, "couldn't open log of " + p.name() + " (" + Reason.of(e) + "); will retry at its start");
        }
    }

    private void groupRemoved(ProcessTable.Group g) {
        if (g.config().isListenerPool()) eventListeners.poolRemoved(g.config().name());
        // supervisord's restart starts over with no groups: only PROCESS_GROUP_ADDED tells of it.
        if (!restarting) processEvents.group(EventType.PROCESS_GROUP_REMOVED, g.config().name());
    }

    private void autostart(ProcessTable.Group g) {
        for (ManagedProcess p : g.processes()) {
            if (p.config().autostart() && !shuttingDown && p.goal() == Goal.DOWN && p.state().isStopped()) {
                p.setGoal(Goal.UP);
                dependencies.startOrHold(p, false, now());
            }
        }
    }

    private void changed(ManagedProcess p, ProcessState from) {
        p.settleWaiters();
        processEvents.changed(p, from);
        ListenerChannel channel = p.channel;
        if (channel != null) {
            ProcessState to = p.state();
            if (to != ProcessState.STARTING && to != ProcessState.RUNNING && to != ProcessState.STOPPING) {
                p.channel = null;
                table.forgetChannel(channel);
            }
            try {
                channel.stateChanged(to);
            } catch (RuntimeException e) {
                log.log(LogLevel.ERROR, "event listener channel failed: " + e);
            }
        }
        if (listeners.isEmpty()) return;
        ProcessInfo info = ProcessInfo.of(p, now(), platform.epochMillis().getAsLong());
        for (StateListener l : listeners) {
            try {
                l.stateChanged(info, from);
            } catch (RuntimeException e) {
                log.log(LogLevel.ERROR, "state listener failed: " + e);
            }
        }
    }

    private CompletableFuture<List<ProcessResult>> forEach(String namespec,
            Function<ManagedProcess, CompletableFuture<ProcessResult>> action) {
        if (shuttingDown) return done(List.of(new ProcessResult(namespec, null, Fault.SHUTDOWN_STATE, "shutting down")));
        List<ManagedProcess> ps = table.resolve(namespec);
        if (ps == null) return done(List.of(new ProcessResult(namespec, null, Fault.BAD_NAME, "no such process")));
        return forEach(ps, action);
    }

    private CompletableFuture<List<ProcessResult>> forEach(List<ManagedProcess> ps,
            Function<ManagedProcess, CompletableFuture<ProcessResult>> action) {
        List<CompletableFuture<ProcessResult>> futures = new ArrayList<>();
        for (ManagedProcess p : ps) futures.add(action.apply(p)); // in priority order, without waiting between
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }

    /**
     * What readers see until the engine's first turn has added the groups: every configured
     * process, STOPPED, in start order, as supervisord's API shows them before its first start. The
     * control API listens before the engine boots, and an empty list there would read as "nothing
     * configured".
     */
    private List<ProcessInfo> configured(Configuration config) {
        ProcessTable t = new ProcessTable();
        for (GroupConfig g : config.groups()) t.add(g);
        return view(t);
    }

    private void publish() {
        snapshot = view(table);
    }

    // Every process of t as readers see it, now.
    private List<ProcessInfo> view(ProcessTable t) {
        long now = now();
        long wall = platform.epochMillis().getAsLong();
        List<ProcessInfo> list = new ArrayList<>();
        for (ManagedProcess p : t.all()) list.add(ProcessInfo.of(p, now, wall));
        return List.copyOf(list);
    }

    private <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> work) {
        return inbox.submit(work);
    }

    private void post(Runnable task) {
        inbox.post(task);
    }

    void log(Outcome o) {
        log.log(o.level(), o.message());
    }

    long now() {
        return platform.nanoClock().getAsLong();
    }

    Configuration config() {
        return config;
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
