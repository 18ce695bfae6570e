package org.supervisordj.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.supervisordj.api.ApiServer;
import org.supervisordj.api.StandardHooks;
import org.supervisordj.api.TlsOptions;
import org.supervisordj.config.ConfigException;
import org.supervisordj.config.ConfigLoader;
import org.supervisordj.config.ConfigProblem;
import org.supervisordj.config.Configuration;
import org.supervisordj.config.LogLevel;
import org.supervisordj.config.SupervisordConfig;
import org.supervisordj.config.TlsConfig;
import org.supervisordj.events.EventBus;
import org.supervisordj.logging.AutoLogNames;
import org.supervisordj.logging.Reason;
import org.supervisordj.posix.PipePump;
import org.supervisordj.posix.PosixException;
import org.supervisordj.posix.Privileges;
import org.supervisordj.posix.ProcessSignals;
import org.supervisordj.posix.ResourceLimits;
import org.supervisordj.posix.Reaper;
import org.supervisordj.posix.Spawner;
import org.supervisordj.posix.Users;
import org.supervisordj.process.Engine;
import org.supervisordj.process.Platform;

/**
 * The daemon's life: load the configuration, take the pidfile, become subreaper, start the reaper,
 * pipe pump and engine, start the autostart programs, then wait for SIGTERM/SIGINT and stop
 * everything in reverse priority before exiting 0.
 */
public final class Daemon implements SignalBridge.Actions {

    private final Path configFile;
    private final PrintStream stderr;
    private final Consumer<Engine> beforeBoot;
    private final java.util.function.UnaryOperator<Configuration> overrides; // the command line's, at every read
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private DaemonLog log;
    private Engine engine;
    private StandardHooks hooks;
    private ChildrenRecord children;

    /** Creates a daemon for {@code configFile}; {@code stderr} receives start-up errors and the foreground log. */
    public Daemon(Path configFile, PrintStream stderr) {
        this(configFile, stderr, engine -> { });
    }

    /** As {@link #Daemon(Path, PrintStream)}, with the command line's {@code overrides} applied to every read. */
    Daemon(Path configFile, PrintStream stderr, ServerOverrides overrides) {
        this(configFile, stderr, engine -> { }, overrides::apply);
    }

    /** As {@link #Daemon(Path, PrintStream)}; {@code beforeBoot} sees the engine first (tests inject faults there). */
    Daemon(Path configFile, PrintStream stderr, Consumer<Engine> beforeBoot) {
        this(configFile, stderr, beforeBoot, c -> c);
    }

    private Daemon(Path configFile, PrintStream stderr, Consumer<Engine> beforeBoot,
                   java.util.function.UnaryOperator<Configuration> overrides) {
        this.overrides = overrides;
        this.configFile = configFile;
        this.stderr = stderr;
        this.beforeBoot = beforeBoot;
    }

    /**
     * Runs until shut down; returns the exit status (0 clean, 1 refused to start, 2 bad configuration,
     * 70 a thread of the daemon died and the programs were stopped).
     */
    public int run() throws InterruptedException {
        Configuration config;
        try {
            config = load();
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) stderr.println((p.isError() ? "Error: " : "Warning: ") + p);
            stderr.println("supervisord-j: configuration file " + configFile + " is not usable; not starting");
            return 2;
        }
        ProcessSignals.setUmask(config.supervisord().umask()); // children and our log files inherit it
        raiseDescriptorLimit();
        String limits = applyLimits(config);
        if (limits != null) {
            stderr.println("Error: " + limits);
            return 1;
        }
        try {
            log = DaemonLog.open(config.supervisord(), stderr);
        } catch (IOException e) {
            stderr.println("Error: can't open the log file " + config.supervisord().logfile() + ": " + Reason.of(e));
            return 2;
        }
        DaemonLoggerFinder.routeTo(log); // posix/ and logging/ speak System.Logger: one log for all
        for (ConfigProblem w : config.warnings()) log.log(LogLevel.WARN, w.toString());
        JettyLogBridge.install(log);
        PidFile pidfile;
        try {
            pidfile = PidFile.acquire(Path.of(config.supervisord().pidfile()));
        } catch (PidFile.HeldException | IOException e) {
            log.log(LogLevel.CRITICAL, "not starting: " + e.getMessage());
            if (!(e instanceof PidFile.HeldException)) stderr.println("Error: can't write pidfile: " + Reason.of(e));
            DaemonLoggerFinder.unroute();
            log.close();
            return 1;
        }
        // The pidfile is ours, so no live daemon owns what its record names: the programs of one
        // that died (kill -9, OOM killer) are stopped before ours start, never run twice.
        Path pidPath = Path.of(config.supervisord().pidfile());
        Leftovers.stop(ChildrenRecord.read(pidPath, log), config, log);
        children = ChildrenRecord.start(pidPath, log);
        try {
            return supervise(config);
        } finally {
            children.close();
            pidfile.remove();
            DaemonLoggerFinder.unroute();
            log.close();
        }
    }

    private int supervise(Configuration config) throws InterruptedException {
        try {
            ProcessSignals.becomeSubreaper(); // orphans of our programs come to us, and the reaper reaps them
        } catch (PosixException e) {
            log.log(LogLevel.WARN, "couldn't become child subreaper (" + e.getMessage() + "); orphans go to init");
        }
        if (!config.supervisord().nocleanup()) {
            AutoLogNames.cleanup(Path.of(config.supervisord().childlogdir()), config.supervisord().identifier());
        }
        AtomicReference<Engine> ref = new AtomicReference<>();
        // The listener runs on the reaper thread; an engine that does not exist yet owns no pid.
        Reaper reaper = new Reaper(pid -> ref.get() != null && ref.get().childExited(pid));
        PipePump pump;
        try {
            pump = new PipePump();
        } catch (IOException e) {
            log.log(LogLevel.CRITICAL, "can't start the pipe pump: " + Reason.of(e));
            reaper.close();
            return 1;
        }
        engine = new Engine(config, Platform.of(new Spawner(), reaper, pump), log);
        ref.set(engine);
        // One "events" thread for every pool: the engine and the pump only append to its buffers.
        EventBus bus = new EventBus(config.supervisord().identifier(), log, System::currentTimeMillis);
        engine.publishEventsTo(bus);
        engine.serveEventListeners(bus);
        engine.addListener(children);
        SystemdNotifier systemd = SystemdNotifier.fromEnvironment(log); // no-op unless NOTIFY_SOCKET is set
        SignalBridge.Actions actions = systemd.wrap(this); // tells systemd about stops and reloads
        hooks = new StandardHooks(configFile, () -> new ConfigLoader(ConfigLoader.Options.current(false)), config,
                engine, new ApiServer.DaemonInfo(Version.current(), ProcessSignals.getpid(),
                System.currentTimeMillis() / 1000), () -> actions.shutdown("a shutdown request"), log, overrides)
                .publishingTo(bus);
        ApiServer api;
        try {
            // Before any program starts: a control server that cannot be served safely stops the daemon here.
            api = startApi(config);
        } catch (IOException | IllegalStateException e) {
            log.log(LogLevel.CRITICAL, "not starting: control API: " + e.getMessage());
            systemd.close();
            reaper.close();
            pump.close();
            return 1;
        }
        String refused = dropPrivileges(config.supervisord()); // sockets, pidfile and log exist by now
        if (refused != null) {
            log.log(LogLevel.CRITICAL, "not starting: " + refused);
            if (api != null) api.close();
            systemd.close();
            reaper.close();
            pump.close();
            return 1;
        }
        log.log(LogLevel.INFO, "supervisord-j started with pid " + ProcessSignals.getpid());
        systemd.attach(engine, config);
        // A thread the daemon cannot do without died: the engine stops every program and fails terminated().
        log.died().thenAccept(cause -> engine.abort("the log writer", cause));
        engine.terminated().whenComplete((v, e) -> {
            if (e != null) stopped.completeExceptionally(e);
        });
        // Before the first spawn: from here a SIGTERM stops the programs instead of killing the JVM under them.
        SignalBridge.install(actions);
        beforeBoot.accept(engine);
        bus.start(engine::sendToListener);
        engine.boot();
        int status = 0;
        try {
            stopped.get();
        } catch (ExecutionException e) {
            status = FAILED;
            log.log(LogLevel.CRITICAL, "exiting with status " + FAILED + ": " + e.getCause().getMessage());
        } finally {
            Orphans.sweep(log, 2000);
            bus.close();
            if (api != null) api.close();
            systemd.close();
            reaper.close();
            pump.close();
        }
        log.log(LogLevel.INFO, "exiting");
        return status;
    }

    /** Exit status after a failure while running (sysexits' EX_SOFTWARE): systemd's Restart=on-failure restarts us. */
    static final int FAILED = 70;

    /** Stops every program in reverse priority, then lets {@link #run()} return. */
    @Override
    public void shutdown(String signal) {
        log.log(LogLevel.WARN, "received " + signal + " indicating exit request");
        engine.shutdown().whenComplete((v, e) -> {
            if (e != null) stopped.completeExceptionally(e);
            else stopped.complete(null);
        });
    }

    /**
     * Rereads the configuration file and applies the difference, through the same path as the API's
     * update so the two are serialized; a bad file is logged and changes nothing.
     */
    @Override
    public void reload() {
        log.log(LogLevel.WARN, "received SIGHUP indicating restart request");
        try {
            ApiServer.Updated u = hooks.update().get(60, TimeUnit.SECONDS);
            for (ConfigProblem w : u.config().warnings()) log.log(LogLevel.WARN, w.toString());
            // The engine logs what the reload changed, for SIGHUP and the API alike: not a second line here.
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConfigException) {
                // The update path has logged each problem already.
                log.log(LogLevel.ERROR, "reload rejected: " + configFile + " has errors; the running configuration is unchanged");
            } else {
                log.log(LogLevel.ERROR, "reload failed: " + e.getCause());
            }
        } catch (TimeoutException e) {
            log.log(LogLevel.ERROR, "reload failed: " + Reason.of(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** As many descriptors as allowed: API clients are capped from this, children's pipes come from the rest. */
    private void raiseDescriptorLimit() {
        try {
            ResourceLimits.raiseSoftToHard(ResourceLimits.NOFILE);
        } catch (PosixException e) {
            stderr.println("Warning: couldn't raise the file descriptor limit: " + e.getMessage());
        }
    }

    /**
     * supervisord's minfds/minprocs: the limits children inherit are raised to at least these, or
     * the daemon refuses to start; returns why it cannot, or null.
     */
    private static String applyLimits(Configuration config) {
        String[][] settings = {{"minfds", "file descriptors"}, {"minprocs", "processes"}};
        int[] resources = {ResourceLimits.NOFILE, ResourceLimits.NPROC};
        long[] minimums = {config.supervisord().minfds(), config.supervisord().minprocs()};
        for (int i = 0; i < 2; i++) {
            try {
                ResourceLimits.raiseTo(resources[i], minimums[i]);
            } catch (PosixException e) {
                return "the minimum number of " + settings[i][1] + " required is " + minimums[i] + " as per the \""
                        + settings[i][0] + "\" setting, and this environment does not allow it (" + e.getMessage()
                        + "); raise the limit (e.g. LimitNOFILE= in the systemd unit) or lower " + settings[i][0];
            }
        }
        return null;
    }

    /**
     * {@code [supervisord] user=}: becomes that user for good, as supervisord does, after creating
     * what may need root (sockets, pidfile, log); its log file is handed to the user first, so that
     * SIGUSR2 can reopen it (supervisord's user creates it, and so owns it). Returns why not, or null.
     */
    private String dropPrivileges(SupervisordConfig c) {
        if (c.user() == null) return null;
        Users.Account account = Users.lookup(c.user());
        if (account != null && ProcessSignals.isRoot() && c.logfile() != null && !c.logfile().equals("syslog")) {
            Path file = Path.of(c.logfile());
            try {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setAttribute(file, "unix:gid", account.gid(), LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(file, "unix:uid", account.uid(), LinkOption.NOFOLLOW_LINKS);
                }
            } catch (IOException | UnsupportedOperationException e) {
                log.log(LogLevel.WARN, "can't hand " + file + " to user " + c.user() + " (" + Reason.of(e)
                        + "); reopening it (SIGUSR2) may fail");
            }
        }
        String refused = Privileges.dropTo(c.user());
        if (refused == null) log.log(LogLevel.INFO, "Set uid to user " + c.user() + " succeeded");
        return refused;
    }

    /** Starts the control API when the configuration has a server section; null when it has none. */
    private ApiServer startApi(Configuration config) throws IOException {
        if (config.unixServer() == null && config.inetServer() == null) return null;
        TlsConfig tls = config.inetServer() == null ? null : config.inetServer().tls();
        TlsOptions options = tls == null ? null
                : new TlsOptions(path(tls.certfile()), path(tls.keyfile()), path(tls.keystore()), tls.keystorePassword());
        return ApiServer.start(config, engine, hooks, options); // it logs where it listens
    }

    private static Path path(String p) {
        return p == null ? null : Path.of(p);
    }

    /** Reopens the daemon's and every child's log file. */
    @Override
    public void reopenLogs() {
        log.log(LogLevel.INFO, "received SIGUSR2 indicating log reopen request");
        log.reopen();
        engine.reopenLogs();
    }

    private Configuration load() throws ConfigException {
        return overrides.apply(new ConfigLoader(ConfigLoader.Options.current(false)).load(configFile));
    }
}
