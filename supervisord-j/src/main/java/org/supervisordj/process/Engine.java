package org.supervisordj.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.GroupConfig;
import org.supervisordj.config.LogLevel;
import org.supervisordj.logging.Reason;
import org.supervisordj.posix.Signals;
import org.supervisordj.posix.WaitStatus;

/**
 * The supervisor: one thread, "supervisor", owns every {@link ManagedProcess}. Other threads (HTTP,
 * reaper, signal bridge) post tasks to its inbox and get futures back; readers use {@link #snapshot()}.
 * Between events the thread sleeps until its next deadline (startsecs, backoff, stopwaitsecs, crash
 * restart), so an idle daemon does no work at all.
 */
public final class Engine {

    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final Platform platform;
    private final EngineLog log;
    private final ChildLauncher launcher;
    private final ProcessTable table = new ProcessTable();
    private final Stopping stopping;
    private final List<StateListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> afterPublish = new ArrayList<>(); // engine thread only
    private final Thread thread;
    private Configuration config; // engine thread only, once booted
    private volatile List<ProcessInfo> snapshot = List.of();
    private volatile boolean shuttingDown;
    private volatile boolean finished;
    private volatile long wakeups; // loop iterations, for metrics and the idle test

    /** Creates an engine for {@code config}; nothing runs until {@link #boot()}. */
    public Engine(Configuration config, Platform platform, EngineLog log) {
        this.config = config;
        this.platform = platform;
        this.log = log;
        this.launcher = new ChildLauncher(platform);
        this.stopping = new Stopping(table, this, log);
        this.thread = new Thread(this::run, "supervisor");
        thread.setDaemon(true);
    }

    /** Starts the supervisor thread, adds every group and starts the autostart programs in priority order. */
    public void boot() {
        thread.start();
        post(() -> {
            for (GroupConfig g : config.groups()) addGroup(g);
            for (ProcessTable.Group g : table.groupsInStartOrder()) autostart(g);
        });
    }

    /** Returns the latest published state of every process, groups in start order; never blocks. */
    public List<ProcessInfo> snapshot() {
        return snapshot;
    }

    /** Returns how many times the engine thread has woken up (events plus deadlines) since boot. */
    long wakeups() {
        return wakeups;
    }

    /** Registers a listener called on the engine thread after every state change. */
    public void addListener(StateListener listener) {
        listeners.add(listener);
    }

    /** Starts the processes named by {@code namespec}; with {@code wait}, completes when each is RUNNING or failed. */
    public CompletableFuture<List<ProcessResult>> start(String namespec, boolean wait) {
        return submit(() -> forEach(namespec, p -> doStart(p, wait)));
    }

    /** Stops the processes named by {@code namespec}; with {@code wait}, completes when each has stopped. */
    public CompletableFuture<List<ProcessResult>> stop(String namespec, boolean wait) {
        return submit(() -> forEach(namespec, p -> doStop(p, wait)));
    }

    /** Stops (waiting) and then starts the processes named by {@code namespec}; the results are the starts'. */
    public CompletableFuture<List<ProcessResult>> restart(String namespec, boolean wait) {
        return stop(namespec, true).thenCompose(stopped -> stopped.stream().anyMatch(
                r -> r.fault() == Fault.BAD_NAME || r.fault() == Fault.SHUTDOWN_STATE)
                ? CompletableFuture.completedFuture(stopped) : start(namespec, wait));
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

    /**
     * Applies a new configuration: added groups start, removed ones stop and go, changed ones (any
     * ProgramConfig differs) stop and come back with the new settings; unchanged ones are not touched.
     */
    public CompletableFuture<ReloadResult> reload(Configuration newConfig) {
        return submit(() -> CompletableFuture.completedFuture(doReload(newConfig)));
    }

    /** Stops every group in reverse priority order; completes once no child is left. Idempotent. */
    public CompletableFuture<Void> shutdown() {
        return submit(() -> {
            shuttingDown = true;
            return stopping.beginShutdown(now());
        });
    }

    /** Completes once the supervisor thread has run a task: proof its loop is turning (systemd's watchdog). */
    public CompletableFuture<Void> ping() {
        return submit(() -> CompletableFuture.completedFuture(null));
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
        if (!launcher.owns(pid)) {
            return false; // not ours: an orphan we adopted as subreaper; the reaper reaps it quietly
        }
        post(() -> reaped(pid));
        return true;
    }

    // ---- engine thread ---------------------------------------------------------------------

    private void run() {
        try {
            while (true) {
                wakeups++; // single writer: the engine thread
                long now = now();
                long wakeAt = tick(now);
                publish();
                replyAfterPublish();
                if (stopping.shutdownComplete()) {
                    break;
                }
                long wait = wakeAt - now();
                Runnable task = wakeAt == Long.MAX_VALUE ? inbox.take()
                        : wait <= 0 ? inbox.poll() : inbox.poll(wait, TimeUnit.NANOSECONDS);
                while (task != null) {
                    runSafely(task);
                    task = inbox.poll(); // run everything already queued before the next tick
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            publish();
            finished = true;
            replyAfterPublish();
            drainLate();
            stopping.complete();
        }
    }

    private long tick(long now) {
        stopping.advance(now);
        long wakeAt = Long.MAX_VALUE;
        for (ManagedProcess p : table.all()) {
            wakeAt = Math.min(wakeAt, tickOne(p, now));
        }
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
                    case BECOME_RUNNING -> log(Transitions.becomeRunning(p));
                    case GIVE_UP -> log(Transitions.giveUp(p));
                    case KILL -> stopping.escalate(p, now);
                    case SPAWN -> {
                        if (p.state() == ProcessState.EXITED) p.restartCount++;
                        spawn(p, now);
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

    /** Spawns {@code p}: STARTING, then either a recorded pid or spawnerr + BACKOFF. Never throws on spawn failure. */
    void spawn(ManagedProcess p, long now) {
        Transitions.beginSpawn(p, now);
        int pid;
        try {
            ChildLogs.open(p, config.supervisord());
            pid = launcher.launch(p.config(), config, p.stdoutSink, p.stderrSink);
        } catch (org.supervisordj.posix.SpawnException e) {
            log(Transitions.spawnFailed(p, e.getMessage(), now));
            return;
        } catch (java.io.IOException e) {
            log(Transitions.spawnFailed(p, "couldn't open log file: " + e, now));
            return;
        }
        p.pid = pid;
        table.recordPid(pid, p);
        p.startEpochMillis = platform.epochMillis().getAsLong();
        p.spawnerr = null;
        log.log(LogLevel.INFO, "spawned: '" + p.name() + "' with pid " + pid);
        for (StateListener l : listeners) l.spawned(p.config().namespec(), pid); // STARTING was told before the pid
    }

    private void reaped(int pid) {
        WaitStatus status = platform.reaper().reap(pid);
        launcher.forget(pid);
        ManagedProcess p = table.releasePid(pid);
        if (p == null || status == null) {
            log.log(LogLevel.WARN, "reaped pid " + pid + (p == null ? " of no known process" : " but got no status"));
            return;
        }
        long now = now();
        p.stopEpochMillis = platform.epochMillis().getAsLong();
        boolean stopRequested = p.state() == ProcessState.STOPPING;
        log(Transitions.childExited(p, status, now));
        // With stopasgroup the whole group already had the stop signal; otherwise what the leader left
        // behind (a crash, or a stop the leader did not pass on) is told to go.
        if (p.config().killasgroup() && !(stopRequested && p.config().stopasgroup())) {
            stopping.terminateLeftovers(p, pid);
        }
        if (p.restartPending && p.deadline > now) {
            log.log(LogLevel.INFO, "delaying restart of " + p.name() + " by "
                    + TimeUnit.NANOSECONDS.toSeconds(p.deadline - now + 999_999_999) + " s: it exited "
                    + p.quickCrashes + " times in a row within " + p.config().restartBackoff().resetSecs()
                    + " s of starting (restart_backoff)");
        }
    }

    private CompletableFuture<ProcessResult> doStart(ManagedProcess p, boolean wait) {
        if (p.state().isRunning()) return done(ProcessResult.of(p, Fault.ALREADY_STARTED, "already started"));
        if (p.state() == ProcessState.STOPPING) return done(ProcessResult.of(p, Fault.STILL_RUNNING, "still stopping"));
        if (p.state() == ProcessState.UNKNOWN) return done(ProcessResult.of(p, Fault.FAILED, "state unknown"));
        p.setGoal(Goal.UP);
        p.backoff = 0; // an explicit start begins a fresh series of retries
        p.quickCrashes = 0;
        spawn(p, now());
        if (p.state() == ProcessState.BACKOFF) return done(ProcessResult.of(p, Fault.SPAWN_ERROR, p.spawnerr));
        if (!wait) return done(ProcessResult.success(p));
        return p.await(true);
    }

    CompletableFuture<ProcessResult> doStop(ManagedProcess p, boolean wait) {
        return switch (Transitions.stop(p, now())) {
            case NOT_RUNNING -> done(ProcessResult.of(p, Fault.NOT_RUNNING, "not running"));
            case STOPPED -> done(ProcessResult.success(p));
            case SIGNAL -> {
                stopping.sendStopSignal(p);
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

    private ReloadResult doReload(Configuration newConfig) {
        if (shuttingDown) return new ReloadResult(List.of(), List.of(), List.of());
        ReloadResult diff = ReloadResult.between(config, newConfig);
        config = newConfig; // later spawns see the new [supervisord] environment and server URL
        for (String name : diff.removed()) stopping.replaceGroup(name, null, now());
        for (GroupConfig g : newConfig.groups()) { // in start order
            if (diff.changed().contains(g.name())) stopping.replaceGroup(g.name(), g, now());
            if (diff.added().contains(g.name())) autostart(addGroup(g));
        }
        log.log(LogLevel.INFO, "reloaded configuration: added " + diff.added() + ", changed " + diff.changed()
                + ", removed " + diff.removed());
        return diff;
    }

    ProcessTable.Group addGroup(GroupConfig g) {
        ProcessTable.Group group = table.add(g);
        for (ManagedProcess p : group.processes()) {
            p.observe(this::changed);
            try {
                ChildLogs.open(p, config.supervisord()); // like supervisord: log files exist once the group does
            } catch (java.io.IOException e) {
                log.log(LogLevel.WARN, "couldn't open log of " + p.name() + " (" + Reason.of(e) + "); will retry at its start");
            }
        }
        return group;
    }

    void autostart(ProcessTable.Group g) {
        for (ManagedProcess p : g.processes()) {
            if (p.config().autostart() && !shuttingDown) {
                p.setGoal(Goal.UP);
                spawn(p, now());
            }
        }
    }

    private void changed(ManagedProcess p, ProcessState from) {
        p.settleWaiters();
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
        List<CompletableFuture<ProcessResult>> futures = new ArrayList<>();
        for (ManagedProcess p : ps) futures.add(action.apply(p)); // in priority order, without waiting between
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }

    private void publish() {
        long now = now();
        long wall = platform.epochMillis().getAsLong();
        List<ProcessInfo> list = new ArrayList<>();
        for (ManagedProcess p : table.all()) list.add(ProcessInfo.of(p, now, wall));
        snapshot = List.copyOf(list);
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) throw (Error) e;
            log.log(LogLevel.ERROR, "engine task failed: " + e);
            e.printStackTrace();
        }
    }

    // Replies are held until the snapshot shows their effect: a caller told "stopped" that then
    // reads the snapshot must see STOPPED.
    private <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        post(() -> work.get().whenComplete((v, e) -> reply(() -> {
            if (e != null) result.completeExceptionally(e);
            else result.complete(v);
        })));
        return result;
    }

    private void reply(Runnable completion) {
        if (Thread.currentThread() == thread && !finished) afterPublish.add(completion);
        else completion.run();
    }

    private void replyAfterPublish() {
        if (afterPublish.isEmpty()) return;
        List<Runnable> due = List.copyOf(afterPublish);
        afterPublish.clear();
        for (Runnable r : due) runSafely(r);
    }

    private void post(Runnable task) {
        inbox.add(task);
        if (finished) drainLate();
    }

    // After the loop has ended nothing runs the inbox: answer late tasks here. shuttingDown is set,
    // so they only answer SHUTDOWN_STATE and touch no process.
    private synchronized void drainLate() {
        Runnable task;
        while ((task = inbox.poll()) != null) runSafely(task);
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
