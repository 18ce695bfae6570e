package org.supervisordj.api.xmlrpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What one HTTP request's calls share: the executor that continues work off the engine thread,
 * and the actions to run once the answer has been written (shutdown answers before the daemon goes).
 */
final class CallContext {

    private final Executor executor;
    private final List<Runnable> afterReply = new ArrayList<>();

    CallContext(Executor executor) {
        this.executor = executor;
    }

    Executor executor() {
        return executor;
    }

    /** Runs {@code action} after the response has been sent (or failed to be). */
    synchronized void afterReply(Runnable action) {
        afterReply.add(action);
    }

    synchronized List<Runnable> takeAfterReply() {
        List<Runnable> due = List.copyOf(afterReply);
        afterReply.clear();
        return due;
    }
}
