package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Loads a configuration the way the daemon reloads one: on a thread with the launcher's 512 KiB
 * stack (-Xss512k), and insists on the contract for hostile input: a Configuration or a
 * ConfigException whose every problem names a file and a line, no Java class name in a message,
 * within a generous time bound and an allocation bound.
 */
final class HostileLoad {
    /** Generous: a load takes milliseconds; this only catches hangs (numprocs=1000000 once hung). */
    static final long TIME_BOUND_SECONDS = 30;
    /** Bytes one load may allocate (garbage included); the daemon's heap is 128 MB. */
    static final long ALLOCATION_BOUND = 512L << 20;
    private static final Pattern JAVA_NAMES = Pattern.compile(
            "\\b(java|javax|org\\.ini4j|jnr)\\.[a-z]|[A-Z][A-Za-z]+(Exception|Error)\\b");

    /** What a load gave: exactly one of the two is non-null. */
    record Outcome(Configuration config, ConfigException error, long allocated) {
        List<ConfigProblem> problems() {
            return config != null ? config.warnings() : error.problems();
        }

        List<ConfigProblem> errors() {
            return problems().stream().filter(ConfigProblem::isError).toList();
        }
    }

    private HostileLoad() {
    }

    static Outcome load(Path root, Map<String, String> env) {
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicLong allocated = new AtomicLong();
        Thread t = new Thread(null, () -> {
            long before = allocatedByThisThread();
            try {
                result.set(new ConfigLoader(new ConfigLoader.Options(env, "fuzzhost", root.getParent(), false)).load(root));
            } catch (Throwable e) {
                result.set(e);
            }
            allocated.set(allocatedByThisThread() - before);
        }, "hostile-load", 512 * 1024);
        t.start();
        try {
            t.join(TimeUnit.SECONDS.toMillis(TIME_BOUND_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (t.isAlive()) {
            t.interrupt();
            fail("load of " + root + " still running after " + TIME_BOUND_SECONDS + " s");
        }
        Object r = result.get();
        Outcome o;
        if (r instanceof Configuration c) o = new Outcome(c, null, allocated.get());
        else if (r instanceof ConfigException e) o = new Outcome(null, e, allocated.get());
        else throw new AssertionError("load of " + root + " threw " + r, (Throwable) r);
        check(root, o);
        return o;
    }

    static void check(Path root, Outcome o) {
        if (o.allocated() > ALLOCATION_BOUND) {
            fail("load of " + root + " allocated " + (o.allocated() >> 20) + " MB");
        }
        for (ConfigProblem p : o.problems()) {
            if (p.file() == null || p.line() < 1) fail("problem without file:line for " + root + ": " + p);
            if (JAVA_NAMES.matcher(p.message()).find()) fail("Java name in a message for " + root + ": " + p);
            if (p.message().startsWith("internal error")) fail("loader bug for " + root + ": " + p);
        }
        if (o.error() != null && o.errors().isEmpty()) fail("ConfigException without an error for " + root);
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
