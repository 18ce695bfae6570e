package org.supervisordj.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.supervisordj.config.ProgramConfig;
import org.supervisordj.logging.LogSink;

/**
 * The engine's record of one process instance: what it is (state) and what is wanted of it (goal).
 * Only the engine thread touches it; every state change goes through {@link #moveTo}.
 */
final class ManagedProcess {

    /** Told of each state change; the engine uses it to publish events. */
    interface Observer {
        void changed(ManagedProcess p, ProcessState from);
    }

    /** A start or stop request with wait=true, completed when the process settles. */
    record Waiter(boolean forStart, CompletableFuture<ProcessResult> future) {
    }

    private final ProgramConfig config;
    private Observer observer = (p, from) -> { };
    private ProcessState state = ProcessState.STOPPED;
    private Goal goal = Goal.DOWN;

    int pid;               // 0 when no child of ours is alive
    long startedAt;        // nanoTime of the last spawn attempt
    long deadline = Long.MAX_VALUE; // STARTING: unused; BACKOFF: retry; STOPPING: SIGKILL; EXITED: restart
    boolean restartPending; // EXITED only: an automatic restart is scheduled at deadline
    int backoff;           // supervisord's backoff: failed starts in a row
    int quickCrashes;      // crash-loop extension: exits from RUNNING within restart_backoff_reset_secs
    int restartCount;      // automatic restarts after RUNNING, for display
    int exitstatus;        // last exit code, -1 for a signal death
    String spawnerr;       // why the last start failed, or null
    long startEpochMillis; // wall clock of the last spawn, 0 never
    long stopEpochMillis;  // wall clock of the last exit, 0 never
    boolean everStarted;
    boolean stopAbandoned; // UNKNOWN after SIGKILL too was tried: its child no longer holds a stop back

    int exitedPid;         // while a reaped exit is applied: its pid, for the events that name it
    ProcessState startingFrom; // STARTING not yet published (it waits for the spawn's pid), or null
    int startingTries;     // backoff as it was on entering STARTING
    String pool;           // the event listener pool this process serves, or null for a program
    ListenerChannel channel; // a listener's current run, or null

    ChildStdin stdin;      // while a child of ours is alive: the write end of its stdin
    LogSink stdoutSink;
    LogSink stderrSink;
    String stdoutPath = "";
    String stderrPath = "";
    final List<Waiter> waiters = new ArrayList<>();
    final ProcessHealth health = new ProcessHealth(); // readiness, health checks, depends_on (extensions)

    ManagedProcess(ProgramConfig config) {
        this.config = config;
    }

    ProgramConfig config() {
        return config;
    }

    ProcessState state() {
        return state;
    }

    Goal goal() {
        return goal;
    }

    void setGoal(Goal goal) {
        this.goal = goal;
    }

    void observe(Observer observer) {
        this.observer = observer;
    }

    /** Changes state after checking the edge against the one legal-edges table. */
    void moveTo(ProcessState to) {
        Transitions.checkLegal(config.namespec(), state, to);
        ProcessState from = state;
        state = to;
        observer.changed(this, from);
    }

    /** Returns supervisord's {@code name} used in log lines. */
    String name() {
        return config.name();
    }

    /** Returns a future completed when this process settles: RUNNING (or failed) for a start, stopped for a stop. */
    CompletableFuture<ProcessResult> await(boolean forStart) {
        Waiter w = new Waiter(forStart, new CompletableFuture<>());
        waiters.add(w);
        settleWaiters(); // it may already be there
        return w.future();
    }

    /** Fails every waiter with {@code why}: the engine has died and nothing will settle them. */
    void failWaiters(Throwable why) {
        for (Waiter w : List.copyOf(waiters)) w.future().completeExceptionally(why);
        waiters.clear();
    }

    /** Answers every start waiter with {@code fault}: a dependency failed, so the start it waits for will not come. */
    void refuseStartWaiters(Fault fault, String reason) {
        for (Waiter w : List.copyOf(waiters)) {
            if (!w.forStart()) continue;
            waiters.remove(w);
            w.future().complete(ProcessResult.of(this, fault, reason));
        }
    }

    /** Completes the waiters the current state answers; called after every state change. */
    void settleWaiters() {
        if (waiters.isEmpty()) return;
        for (Waiter w : List.copyOf(waiters)) {
            ProcessResult r = null;
            if (w.forStart() && state == ProcessState.RUNNING) {
                r = ProcessResult.success(this);
            } else if (w.forStart() && state != ProcessState.STARTING && health.held == null) {
                // supervisord's onwait: anything but STARTING/RUNNING after a spawn is ABNORMAL_TERMINATION
                r = ProcessResult.of(this, Fault.ABNORMAL_TERMINATION, "abnormal termination");
            } else if (!w.forStart() && state.isStopped()) {
                r = ProcessResult.success(this);
            }
            if (r != null) {
                waiters.remove(w);
                w.future().complete(r);
            }
        }
    }
}
