package org.supervisordj.process;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.supervisordj.config.Configuration;
import org.supervisordj.config.LogLevel;
import org.supervisordj.posix.PipePump;
import org.supervisordj.posix.Proc;
import org.supervisordj.posix.ProcessSignals;
import org.supervisordj.posix.Reaper;
import org.supervisordj.posix.Spawner;

/**
 * Runs real engines with real children. One reaper and one pipe pump per test class (a JVM may
 * have only one live reaper); the reaper offers each exit to the engines of this class.
 */
abstract class EngineTestBase {
    static final Duration LONG = Proc.DEADLINE;
    private static final List<Engine> ENGINES = new CopyOnWriteArrayList<>();
    static Reaper reaper;
    static PipePump pump;

    @TempDir
    Path dir;
    Engine engine;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    /** Where the next booted engine publishes its events. */
    org.supervisordj.events.EventPublisher events = org.supervisordj.events.EventPublisher.NONE;

    @BeforeAll
    static void startNative() throws Exception {
        ProcessSignals.becomeSubreaper();
        reaper = new Reaper(pid -> {
            for (Engine e : ENGINES) if (e.childExited(pid)) return true;
            return false;
        });
        pump = new PipePump();
    }

    @AfterAll
    static void stopNative() {
        reaper.close();
        pump.close();
    }

    @AfterEach
    void shutdownEngine() throws Exception {
        if (engine != null) {
            if (!engine.failed()) engine.shutdown().get(30, TimeUnit.SECONDS); // a failed one has stopped its children
            ENGINES.remove(engine);
        }
    }

    /** Boots an engine for the given program sections. */
    Engine boot(String sections) {
        return boot(TestConfigs.load(dir, sections));
    }

    Engine boot(Configuration config) {
        return boot(config, pump, (level, message) -> {
            if (LogLevel.DEBUG.allows(level)) log.add(level + " " + message);
        });
    }

    /** Boots an engine on {@code pump} that logs to {@code engineLog} (a test may make it fail). */
    Engine boot(Configuration config, PipePump pump, EngineLog engineLog) {
        create(config, pump, engineLog);
        engine.boot();
        return engine;
    }

    /** Makes the engine for {@code config}, the shared reaper's exits routed to it, without booting it. */
    Engine create(Configuration config, PipePump pump, EngineLog engineLog) {
        engine = new Engine(config, Platform.of(new Spawner(), reaper, pump), engineLog);
        ENGINES.add(engine);
        engine.publishEventsTo(events);
        return engine;
    }

    ProcessInfo info(String namespec) {
        for (ProcessInfo p : engine.snapshot()) if (p.namespec().equals(namespec)) return p;
        return null;
    }

    ProcessInfo awaitState(String namespec, ProcessState state, Duration timeout) throws InterruptedException {
        return await(namespec, p -> p.state() == state, timeout, "state " + state);
    }

    ProcessInfo await(String namespec, Predicate<ProcessInfo> condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ProcessInfo p = info(namespec);
            if (p != null && condition.test(p)) return p;
            if (System.nanoTime() > deadline) fail("timed out after " + timeout + " waiting for " + namespec + ": "
                    + what + "; last seen " + p + "\nlog:\n" + String.join("\n", List.copyOf(log)));
            Thread.sleep(10);
        }
    }

    /** The value of an engine request's future, waited for as long as any condition. */
    static <T> T result(Future<T> request) throws Exception {
        return request.get(LONG.toSeconds(), TimeUnit.SECONDS);
    }

    static void awaitTrue(Duration timeout, String what, Proc.Condition condition) throws Exception {
        Proc.await(timeout, what, condition);
    }

    void awaitLog(String fragment) throws Exception {
        awaitTrue(LONG, "log line containing '" + fragment + "' in\n" + String.join("\n", List.copyOf(log)),
                () -> count(fragment) > 0);
    }

    long count(String fragment) {
        synchronized (log) {
            return log.stream().filter(l -> l.contains(fragment)).count();
        }
    }

    List<String> lines(String fragment) {
        synchronized (log) {
            return log.stream().filter(l -> l.contains(fragment)).toList();
        }
    }
}
