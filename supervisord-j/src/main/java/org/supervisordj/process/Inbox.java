package org.supervisordj.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.supervisordj.config.LogLevel;

/**
 * The engine's queue of tasks and the replies they owe. Once closed (the loop has ended, cleanly or
 * not) nothing runs them any more: a task posted then fails its future at once, on the posting
 * thread, and never runs there, because process state belongs to the engine thread alone.
 */
final class Inbox {

    /** Work for the engine thread, and the future to fail if it never runs (null: nobody waits). */
    record Task(Runnable work, CompletableFuture<?> result) {
    }

    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final List<Runnable> afterPublish = new ArrayList<>(); // engine thread only
    private final EngineLog log;
    private Thread owner;
    private Task running; // engine thread only: the task being run, failed if it kills the loop
    private volatile EngineStoppedException closed;

    Inbox(EngineLog log) {
        this.log = log;
    }

    /** Names the engine thread, the only one that takes tasks. */
    void ownedBy(Thread thread) {
        owner = thread;
    }

    /** Queues {@code work} for the engine thread; any thread. */
    void post(Runnable work) {
        post(new Task(work, null));
    }

    /**
     * Queues {@code work}; any thread. The returned future completes as the work's own does, but only
     * after the next publish, so that a caller told "stopped" who then reads the snapshot sees STOPPED.
     */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        post(new Task(() -> {
            CompletableFuture<T> answer;
            try {
                answer = work.get();
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e); // the caller hears of it rather than wait for ever
                log.log(LogLevel.ERROR, "engine task failed: " + e);
            }
            answer.whenComplete((v, e) -> reply(() -> {
                if (e != null) result.completeExceptionally(e);
                else result.complete(v);
            }));
        }, result));
        return result;
    }

    /** Runs every task queued, waiting up to {@code nanos} (Long.MAX_VALUE: for ever) for the first. Engine thread. */
    void runNext(long nanos) throws InterruptedException {
        Task task = nanos == Long.MAX_VALUE ? queue.take()
                : nanos <= 0 ? queue.poll() : queue.poll(nanos, TimeUnit.NANOSECONDS);
        while (task != null) {
            running = task;
            runSafely(task.work());
            running = null;
            task = queue.poll(); // run everything already queued before the next tick
        }
    }

    /** Completes the replies held until this publish. Engine thread. */
    void replyAfterPublish() {
        // A reply may complete another submit's answer (a rolling restart chains them): that reply is
        // due now too, not at a next wake-up that may never come.
        while (!afterPublish.isEmpty()) {
            List<Runnable> due = List.copyOf(afterPublish);
            afterPublish.clear();
            for (Runnable r : due) runSafely(r);
        }
    }

    /** Refuses every queued and later task with {@code why}, and the one being run if the loop died in it. */
    void close(EngineStoppedException why) {
        closed = why;
        refuseAll();
        if (running != null && running.result() != null) running.result().completeExceptionally(why);
    }

    private void post(Task task) {
        queue.add(task);
        if (closed != null) refuseAll(); // closed meanwhile: nobody will take it
    }

    private void reply(Runnable completion) {
        if (Thread.currentThread() == owner && closed == null) afterPublish.add(completion);
        else completion.run();
    }

    // A RuntimeException is this task's failure only; anything else ends the loop (see Engine.run).
    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.log(LogLevel.ERROR, "engine task failed: " + e);
        }
    }

    private void refuseAll() {
        Task t;
        while ((t = queue.poll()) != null) {
            if (t.result() != null) t.result().completeExceptionally(closed);
        }
    }
}
