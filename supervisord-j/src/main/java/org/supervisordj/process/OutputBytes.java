package org.supervisordj.process;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.supervisordj.logging.CountingSink;
import org.supervisordj.logging.LogSink;

/**
 * Bytes each program has written to its stdout and stderr since the daemon started, by namespec,
 * counted as the pump hands them to the log sinks. Kept across restarts and reloads of a program,
 * so the totals only grow; any thread reads them.
 */
public final class OutputBytes {

    private record Totals(LongAdder stdout, LongAdder stderr) {
    }

    private final ConcurrentHashMap<String, Totals> byNamespec = new ConcurrentHashMap<>();

    /** Returns {@code sink} counting into {@code namespec}'s stdout (or stderr) total; null stays null. */
    LogSink counting(String namespec, boolean stderr, LogSink sink) {
        if (sink == null) return null;
        Totals t = byNamespec.computeIfAbsent(namespec, n -> new Totals(new LongAdder(), new LongAdder()));
        return new CountingSink(sink, stderr ? t.stderr() : t.stdout());
    }

    /** Returns the bytes {@code namespec} wrote to stdout (with redirect_stderr: both streams). */
    public long stdout(String namespec) {
        Totals t = byNamespec.get(namespec);
        return t == null ? 0 : t.stdout().sum();
    }

    /** Returns the bytes {@code namespec} wrote to stderr (0 with redirect_stderr). */
    public long stderr(String namespec) {
        Totals t = byNamespec.get(namespec);
        return t == null ? 0 : t.stderr().sum();
    }
}
