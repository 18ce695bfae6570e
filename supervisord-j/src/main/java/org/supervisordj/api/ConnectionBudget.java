package org.supervisordj.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.supervisordj.posix.PosixException;
import org.supervisordj.posix.ResourceLimits;

/**
 * How many connections each listener may hold at once. Every connection costs a descriptor, and so
 * does every pipe and log file of a child: half of the descriptors still free when the API starts
 * is kept for the daemon and its children, so API clients, authenticated or not, can never make a
 * spawn fail. Past its cap a listener stops accepting (the kernel queues or refuses the rest).
 */
final class ConnectionBudget {

    /** A control API needs no more, however large the descriptor limit. */
    static final int MAX_PER_LISTENER = 512;
    /** Below this the API could not serve ctl and a stream at once. */
    static final int MIN_PER_LISTENER = 4;
    /** Assumed when the limit cannot be read. */
    private static final long DEFAULT_LIMIT = 1024;

    private ConnectionBudget() {
    }

    /** Returns the cap for each of {@code listeners} listeners, from the process's limit and open descriptors now. */
    static int perListener(int listeners) {
        long limit;
        try {
            limit = ResourceLimits.get(ResourceLimits.NOFILE)[0];
        } catch (PosixException e) {
            limit = DEFAULT_LIMIT;
        }
        return perListener(limit, openDescriptors(), listeners);
    }

    /** The sizing rule: half the spare descriptors, shared by the listeners, within the bounds above. */
    static int perListener(long softLimit, long inUse, int listeners) {
        if (softLimit < 0) return MAX_PER_LISTENER; // unlimited
        long forApi = Math.max(0, softLimit - inUse) / 2;
        return (int) Math.max(MIN_PER_LISTENER, Math.min(MAX_PER_LISTENER, forApi / Math.max(1, listeners)));
    }

    private static long openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
