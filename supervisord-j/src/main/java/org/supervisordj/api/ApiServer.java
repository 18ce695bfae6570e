package org.supervisordj.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import org.supervisordj.config.ConfigException;
import org.supervisordj.config.Configuration;
import org.supervisordj.config.HttpServerConfig;
import org.supervisordj.config.LogLevel;
import org.supervisordj.logging.Reason;
import org.supervisordj.process.Engine;
import org.supervisordj.process.ReloadResult;

/**
 * The HTTP/JSON control API (docs/api.md) on the Unix socket of {@code [unix_http_server]} and/or
 * the TCP port of {@code [inet_http_server]}. A fixed pool of at most 16 "http-*" threads serves
 * every client, however many programs there are; handlers never block the engine thread.
 */
public final class ApiServer implements AutoCloseable {

    /** What the API needs from the daemon besides the engine. */
    public interface Hooks {
        /** Returns the daemon's version, pid and start time. */
        DaemonInfo daemonInfo();

        /** Returns the configuration the engine runs now (identifier, files, programs' log settings). */
        Configuration current();

        /** Loads the configuration files again without applying them; blocking file I/O, never on the engine thread. */
        Configuration reread() throws ConfigException;

        /**
         * Rereads and applies the configuration (engine.reload), making it current; the future fails
         * with a {@link ConfigException} when the files have errors, and then nothing changes.
         * Updates must be serialized with each other (API and SIGHUP).
         */
        CompletableFuture<Updated> update();

        /**
         * As {@link #update()}, but changed program groups roll (engine.reloadRolling); completes once
         * every roll is over, with each rolled process's outcome.
         */
        default CompletableFuture<Updated> updateRolling() {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("rolling update"));
        }

        /**
         * Applies {@code change(current)} as it is (engine.reload, no file read) and makes it
         * current, serialized with {@link #update()}: XML-RPC's addProcessGroup/removeProcessGroup.
         * An exception from {@code change} fails the future and changes nothing.
         */
        CompletableFuture<Updated> apply(java.util.function.UnaryOperator<Configuration> change);

        /**
         * Rereads the configuration and restarts every program with it, the daemon staying (supervisord's
         * {@code restart}); fails like {@link #update()} when the files have errors, and then nothing changes.
         */
        CompletableFuture<Updated> restart();

        /**
         * Empties the daemon's own log file (supervisord's {@code clearLog}); returns false when the daemon
         * logs to no file. Blocking file I/O.
         */
        boolean clearLog() throws java.io.IOException;

        /** Returns the daemon's event bus (for /api/v1/events and REMOTE_COMMUNICATION), or null when it has none. */
        default org.supervisordj.events.EventBus events() {
            return null;
        }

        /** Asks the daemon to stop every program and exit 0; returns at once. */
        void shutdown();

        /** Returns true once the daemon is shutting down. */
        boolean shuttingDown();

        /** Writes a line to the daemon's log (auth failures, internal errors); default: System.Logger. */
        default void log(LogLevel level, String message) {
            System.getLogger("org.supervisordj.api").log(switch (level) {
                case CRITICAL, ERROR -> System.Logger.Level.ERROR;
                case WARN -> System.Logger.Level.WARNING;
                case INFO -> System.Logger.Level.INFO;
                case DEBUG -> System.Logger.Level.DEBUG;
                case TRACE, BLATHER -> System.Logger.Level.TRACE;
            }, message);
        }
    }

    /**
     * The daemon facts shown by {@code GET /api/v1/daemon}.
     *
     * @param version           the daemon's version
     * @param pid               the daemon's pid
     * @param startEpochSeconds when the daemon started
     */
    public record DaemonInfo(String version, long pid, long startEpochSeconds) {
    }

    /**
     * An applied update: the configuration now current and what the engine changed.
     *
     * @param config  the configuration now in effect
     * @param changes groups added, changed and removed
     */
    public record Updated(Configuration config, ReloadResult changes, List<org.supervisordj.process.ProcessResult> rolled) {
        public Updated(Configuration config, ReloadResult changes) {
            this(config, changes, null);
        }
    }

    // Small and fixed: the API's load does not grow with the number of programs.
    private static final int MAX_THREADS = 16;
    private static final int MIN_THREADS = 2;
    /**
     * A connection that has not yet sent a complete, authenticated request is closed after this
     * much silence: idle connections cannot pile up for free.
     */
    static final long UNAUTHENTICATED_IDLE_MS = 10_000;
    /** Once a request has passed authentication, its connection may idle this long; follow and event streams are exempt. */
    static final long IDLE_TIMEOUT_MS = 30_000;

    private final Server server;
    private final ApiHandler handler;
    private final Path unixSocket;
    private final ServerConnector tcp;

    private ApiServer(Server server, ApiHandler handler, Path unixSocket, ServerConnector tcp) {
        this.server = server;
        this.handler = handler;
        this.unixSocket = unixSocket;
        this.tcp = tcp;
    }

    /**
     * Jetty's thread pool sizes its queues by references per cache line, which it learns by asking
     * the HotSpotDiagnostic MXBean whether oops are compressed: that one question starts the
     * platform MBean server, about 230 JMX classes and their MXBeans (~2 MB of RSS in a daemon that
     * never uses JMX). The answer is known without asking: 64-byte lines hold 16 compressed
     * references (heaps under 32 GB, the launcher's -Xmx is far below) and 8 otherwise.
     */
    private static void skipJettyMemoryProbe() {
        String key = "org.eclipse.jetty.util.referencesPerCacheLine";
        if (System.getProperty(key) == null) {
            System.setProperty(key, Runtime.getRuntime().maxMemory() < (31L << 30) ? "16" : "8");
        }
    }

    /** Starts the API on the servers {@code config} declares, without TLS. */
    public static ApiServer start(Configuration config, Engine engine, Hooks hooks) throws IOException {
        return start(config, engine, hooks, null);
    }

    /**
     * Starts the API on the servers {@code config} declares; {@code tls} (may be null) secures the
     * TCP listener.
     *
     * @throws IllegalStateException when a TCP listener reachable from other hosts has no credentials,
     *     or the Unix socket is held by a live daemon or is not a socket
     * @throws IOException when a listener cannot be bound or the TLS files cannot be read
     */
    public static ApiServer start(Configuration config, Engine engine, Hooks hooks, TlsOptions tls) throws IOException {
        HttpServerConfig unix = config.unixServer();
        HttpServerConfig inet = config.inetServer();
        if (unix == null && inet == null) {
            throw new IllegalStateException("no control server: add [unix_http_server] or [inet_http_server]");
        }
        if (inet != null) requireCredentialsOffLoopback(inet, tls);
        skipJettyMemoryProbe();
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, 60_000);
        pool.setName("http");
        pool.setReservedThreads(0);
        pool.setDaemon(true);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("http-scheduler", true);
        Server server = new Server(pool, scheduler, null);
        server.setStopTimeout(2_000);
        Map<Connector, BasicAuth> auth = new HashMap<>();
        Path socket = null;
        UnixDomainServerConnector unixConnector = null;
        ServerConnector tcp = null;
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(8 * 1024);
        if (unix != null) {
            socket = Path.of(unix.unixSocket()).toAbsolutePath();
            UnixSocket.removeStale(socket);
            unixConnector = new UnixDomainServerConnector(server, 1, 1, new UnixHttpConnectionFactory(http));
            unixConnector.setIdleTimeout(UNAUTHENTICATED_IDLE_MS);
            server.addConnector(unixConnector);
            auth.put(unixConnector, BasicAuth.of(unix));
        }
        if (inet != null) {
            tcp = tls == null ? new ServerConnector(server, 1, 1, new HttpConnectionFactory(http))
                    : tlsConnector(server, http, tls);
            tcp.setHost(inet.host().isEmpty() ? null : inet.host());
            tcp.setPort(inet.port());
            tcp.setIdleTimeout(UNAUTHENTICATED_IDLE_MS);
            server.addConnector(tcp);
            auth.put(tcp, BasicAuth.of(inet));
        }
        int cap = ConnectionBudget.perListener(server.getConnectors().length);
        for (Connector c : server.getConnectors()) server.addBean(new NetworkConnectionLimit(cap, c));
        ApiHandler handler = new ApiHandler(engine, hooks, auth, pool, scheduler);
        server.setHandler(handler);
        server.setErrorHandler(new JsonErrorHandler());
        UnixSocket.Staged staged = null;
        try {
            if (unixConnector != null) {
                staged = UnixSocket.stage(socket);
                unixConnector.setUnixDomainPath(staged.path());
            }
            server.start();
            if (staged != null) staged.publish(unix.chmod(), unix.chown());
        } catch (Exception e) {
            stopQuietly(server);
            if (staged != null) staged.abandon();
            if (e instanceof IOException io) throw io;
            if (e instanceof RuntimeException re) throw re;
            throw new IOException("couldn't start the control API: " + plain(e), e);
        }
        ApiServer api = new ApiServer(server, handler, socket, tcp);
        hooks.log(LogLevel.INFO, "control API listening on " + api.describe() + " (at most " + cap
                + " connections each)");
        return api;
    }

    /** Returns the Unix socket path, or null when there is no Unix listener. */
    public Path unixSocket() {
        return unixSocket;
    }

    /** Returns the bound TCP port (useful with port 0), or -1 when there is no TCP listener. */
    public int port() {
        return tcp == null ? -1 : tcp.getLocalPort();
    }

    /** Returns how many follow and event streams are open (for tests and diagnostics). */
    int openStreams() {
        return handler.openStreams();
    }

    /** Stops listening, ends follow and event streams, and removes the socket file. */
    @Override
    public void close() {
        handler.close();
        stopQuietly(server);
        if (unixSocket != null) {
            try {
                Files.deleteIfExists(unixSocket);
            } catch (IOException ignored) {
                // already gone or not ours to remove any more
            }
        }
    }

    private String describe() {
        StringBuilder b = new StringBuilder();
        if (unixSocket != null) b.append("unix://").append(unixSocket);
        if (tcp != null) {
            if (b.length() > 0) b.append(" and ");
            b.append(tcp.getDefaultConnectionFactory() instanceof SslConnectionFactory ? "https://" : "http://")
                    .append(tcp.getHost() == null ? "*" : tcp.getHost()).append(':').append(port());
        }
        return b.toString();
    }

    // docs/api.md: a TCP port other hosts can reach requires credentials; refusing beats an open door.
    static void requireCredentialsOffLoopback(HttpServerConfig inet, TlsOptions tls) {
        if (inet.hasCredentials() || isLoopback(inet.host())) return;
        throw new IllegalStateException("[inet_http_server] port=" + (inet.host().isEmpty() ? "*" : inet.host()) + ":"
                + inet.port() + " is reachable from other hosts but has no credentials: set username= and password= in "
                + "[inet_http_server], or listen on 127.0.0.1 only");
    }

    static boolean isLoopback(String host) {
        if (host == null || host.isEmpty()) return false; // every interface
        try {
            List<InetAddress> all = List.of(InetAddress.getAllByName(host));
            return !all.isEmpty() && all.stream().allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false; // can't tell: treat as reachable
        }
    }

    private static ServerConnector tlsConnector(Server server, HttpConfiguration http, TlsOptions tls)
            throws IOException {
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // clients reach a local daemon as 127.0.0.1 or localhost
        https.addCustomizer(secure);
        try {
            return new ServerConnector(server, 1, 1,
                    new SslConnectionFactory(tls.sslContextFactory(), HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(https));
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IOException("[inet_http_server] TLS: " + plain(e), e);
        }
    }

    /** Says why {@code e} happened in words, without the class names the JDK puts in front of causes' messages. */
    static String plain(Throwable e) {
        return Reason.of(e).replaceAll("(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error)(?::\\s*|\\b)", "").trim();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // stopping is best effort; the process may be on its way out
        }
    }
}
