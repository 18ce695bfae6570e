package org.supervisordj.process;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine's queue of tasks. Once closed (the loop has ended, cleanly or not) nothing runs them any
 * more: a task posted then fails its future at once, on the posting thread, and never runs there,
 * because process state belongs to the engine thread alone.
 */
final class Inbox {

    /** Work for the engine thread, and the future to fail if it never runs (null: nobody waits). */
    record Task(Runnable work, CompletableFuture<?> result) {
    }

    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private volatile EngineStoppedException closed;

    /** Queues {@code task}; any thread. */
    void post(Task task) {
        queue.add(task);
        if (closed != null) refuseAll(); // closed meanwhile: nobody will take it
    }

    /** Waits up to {@code nanos} (Long.MAX_VALUE: for ever) for a task; null if none came. Engine thread. */
    Task next(long nanos) throws InterruptedException {
        return nanos == Long.MAX_VALUE ? queue.take() : nanos <= 0 ? queue.poll() : queue.poll(nanos, TimeUnit.NANOSECONDS);
    }

    /** Returns a task already queued, or null. Engine thread. */
    Task poll() {
        return queue.poll();
    }

    /** Refuses every queued and later task with {@code why}. */
    void close(EngineStoppedException why) {
        closed = why;
        refuseAll();
    }

    private void refuseAll() {
        Task t;
        while ((t = queue.poll()) != null) {
            if (t.result() != null) t.result().completeExceptionally(closed);
        }
    }
}
