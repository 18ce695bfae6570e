package org.supervisordj.process;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long spawns take, from the engine deciding to spawn to posix_spawn returning (log files,
 * environment and the spawn itself), in fixed buckets. Written by the engine thread only, read by
 * any thread (GET /metrics): a few atomics per spawn, nothing when nobody spawns.
 */
public final class SpawnLatency {

    /** Bucket upper bounds in seconds; the last bucket (+Inf) is implied. */
    private static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS.length + 1);
    private final AtomicLong sumNanos = new AtomicLong();

    /** What has been recorded: per-bucket (not cumulative) counts, the last one for +Inf, and the sum. */
    public record Snapshot(double[] upperBounds, long[] counts, double sumSeconds) {
    }

    void record(long nanos) {
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < BOUNDS.length && seconds > BOUNDS[i]) i++;
        counts.incrementAndGet(i);
        sumNanos.addAndGet(nanos);
    }

    /** Returns the counts so far; any thread. */
    public Snapshot snapshot() {
        long[] c = new long[counts.length()];
        for (int i = 0; i < c.length; i++) c[i] = counts.get(i);
        double[] bounds = java.util.Arrays.copyOf(BOUNDS, BOUNDS.length + 1);
        bounds[BOUNDS.length] = Double.POSITIVE_INFINITY;
        return new Snapshot(bounds, c, sumNanos.get() / 1e9);
    }
}
