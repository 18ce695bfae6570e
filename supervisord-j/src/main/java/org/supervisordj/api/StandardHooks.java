package org.supervisordj.api;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.supervisordj.config.ConfigException;
import org.supervisordj.config.ConfigProblem;
import org.supervisordj.config.ConfigLoader;
import org.supervisordj.config.Configuration;
import org.supervisordj.config.LogLevel;
import org.supervisordj.process.Engine;
import org.supervisordj.process.EngineLog;

/**
 * The usual {@link ApiServer.Hooks}: rereads the root configuration file with a {@link ConfigLoader},
 * applies it with {@link Engine#reload}, and asks the daemon to stop through a callback. The daemon
 * can route SIGHUP through {@link #update()} too, so API and signal updates are serialized.
 */
public final class StandardHooks implements ApiServer.Hooks {

    private final Path root;
    private final Supplier<ConfigLoader> loader;
    private final Engine engine;
    private final ApiServer.DaemonInfo info;
    private final Runnable onShutdown;
    private final EngineLog log;
    private final java.util.function.UnaryOperator<Configuration> overrides;
    private volatile Configuration current;
    private volatile boolean shuttingDown;
    private volatile org.supervisordj.events.EventBus events;

    /**
     * @param root       the root configuration file, as given on the command line
     * @param loader     makes a loader for each reread (fresh environment and options)
     * @param initial    the configuration the engine was built with
     * @param engine     the engine to reload
     * @param info       version, pid and start time of the daemon
     * @param onShutdown stops the daemon (engine shutdown, then exit 0); called once, must not block long
     * @param log        the daemon's log
     */
    public StandardHooks(Path root, Supplier<ConfigLoader> loader, Configuration initial, Engine engine,
                         ApiServer.DaemonInfo info, Runnable onShutdown, EngineLog log) {
        this(root, loader, initial, engine, info, onShutdown, log, c -> c);
    }

    /** As above; {@code overrides} (the daemon's command line) is applied to every reread. */
    public StandardHooks(Path root, Supplier<ConfigLoader> loader, Configuration initial, Engine engine,
                         ApiServer.DaemonInfo info, Runnable onShutdown, EngineLog log,
                         java.util.function.UnaryOperator<Configuration> overrides) {
        this.overrides = overrides;
        this.root = root;
        this.loader = loader;
        this.current = initial;
        this.engine = engine;
        this.info = info;
        this.onShutdown = onShutdown;
        this.log = log;
    }

    @Override
    public ApiServer.DaemonInfo daemonInfo() {
        return info;
    }

    @Override
    public Configuration current() {
        return current;
    }

    @Override
    public Configuration reread() throws ConfigException {
        return overrides.apply(loader.get().load(root));
    }

    /**
     * Rereads and posts the reload while holding this object's lock, so concurrent updates reach
     * the engine in the order their files were read and {@link #current()} always names the last
     * one posted. The engine applies a reload at once (stops and restarts happen afterwards), so
     * the lock is held only for the file reads.
     */
    @Override
    public synchronized CompletableFuture<ApiServer.Updated> update() {
        return rereadAndApply(false);
    }

    @Override
    public synchronized CompletableFuture<ApiServer.Updated> restart() {
        return rereadAndApply(true);
    }

    /** Serialized with the others only while applying: the rolls themselves run on in the engine. */
    @Override
    public synchronized CompletableFuture<ApiServer.Updated> updateRolling() {
        Configuration next;
        try {
            next = reread();
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) log.log(p.isError() ? LogLevel.ERROR : LogLevel.WARN, p.toString());
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<ApiServer.Updated> result = engine.reloadRolling(next)
                .thenApply(r -> new ApiServer.Updated(next, r.changes(), r.rolled()));
        current = next;
        return result;
    }

    private CompletableFuture<ApiServer.Updated> rereadAndApply(boolean everyGroup) {
        Configuration next;
        try {
            next = reread();
        } catch (ConfigException e) {
            // One line per problem, each with its level and file:line, as operators grep for them.
            for (ConfigProblem p : e.problems()) log.log(p.isError() ? LogLevel.ERROR : LogLevel.WARN, p.toString());
            return CompletableFuture.failedFuture(e);
        }
        if (everyGroup) log.log(LogLevel.WARN, "restart requested through the control API");
        CompletableFuture<ApiServer.Updated> result = (everyGroup ? engine.restartAll(next) : engine.reload(next))
                .thenApply(r -> new ApiServer.Updated(next, r));
        current = next;
        return result;
    }

    /**
     * Truncates in place rather than removing and reopening as supervisord does: the log is written in
     * append mode, so the next line lands at the new end, and no line queued meanwhile is lost.
     */
    @Override
    public boolean clearLog() throws java.io.IOException {
        String logfile = current.supervisord().logfile();
        if (logfile == null || logfile.equals("syslog") || !java.nio.file.Files.isRegularFile(Path.of(logfile))) {
            return false;
        }
        try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(Path.of(logfile),
                java.nio.file.StandardOpenOption.WRITE)) {
            f.truncate(0);
        }
        log.log(LogLevel.INFO, "log file cleared through the control API");
        return true;
    }

    @Override
    public synchronized CompletableFuture<ApiServer.Updated> apply(java.util.function.UnaryOperator<Configuration> change) {
        Configuration next;
        try {
            next = change.apply(current);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<ApiServer.Updated> result = engine.reload(next).thenApply(r -> new ApiServer.Updated(next, r));
        current = next;
        return result;
    }

    @Override
    public org.supervisordj.events.EventBus events() {
        return events;
    }

    /** Sets the daemon's event bus (before the API starts); returns this. */
    public StandardHooks publishingTo(org.supervisordj.events.EventBus bus) {
        this.events = bus;
        return this;
    }

    @Override
    public void shutdown() {
        synchronized (this) {
            if (shuttingDown) return;
            shuttingDown = true;
        }
        log.log(LogLevel.INFO, "shutdown requested through the control API");
        onShutdown.run();
    }

    @Override
    public boolean shuttingDown() {
        return shuttingDown;
    }

    @Override
    public void log(LogLevel level, String message) {
        log.log(level, message);
    }
}
