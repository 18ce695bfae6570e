package org.supervisordj.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.supervisordj.config.ConfigException;
import org.supervisordj.config.ConfigLoader;
import org.supervisordj.config.Configuration;
import org.supervisordj.config.HttpServerConfig;
import org.supervisordj.posix.PipePump;
import org.supervisordj.posix.Proc;
import org.supervisordj.posix.Reaper;
import org.supervisordj.posix.Spawner;
import org.supervisordj.process.Engine;
import org.supervisordj.process.Platform;
import org.supervisordj.process.ProcessInfo;
import org.supervisordj.process.ProcessState;

/**
 * A real engine with real children behind a real ApiServer: the Unix socket in a temp dir and TCP
 * on 127.0.0.1 with an ephemeral port. Configurations are INI text loaded by the real ConfigLoader.
 */
final class TestDaemon implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration DEADLINE = Proc.DEADLINE;

    final Path dir;
    final Path confFile;
    final Engine engine;
    final StandardHooks hooks;
    final ApiServer api;
    final List<String> log; // engine and API log lines, "LEVEL message"
    final HttpClient http = HttpClient.newBuilder().connectTimeout(DEADLINE).build();
    private final Reaper reaper;
    private final PipePump pump;
    private final String auth; // "Basic ..." or null

    private TestDaemon(Path dir, Path confFile, Engine engine, StandardHooks hooks, ApiServer api, Reaper reaper,
                       PipePump pump, String auth, List<String> log) {
        this.log = log;
        this.dir = dir;
        this.confFile = confFile;
        this.engine = engine;
        this.hooks = hooks;
        this.api = api;
        this.reaper = reaper;
        this.pump = pump;
        this.auth = auth;
    }

    /** Starts a daemon running {@code programs} (INI sections), with open access on both listeners. */
    static TestDaemon start(Path dir, String programs) throws Exception {
        return start(dir, programs, null, null, "");
    }

    /**
     * Starts a daemon; {@code user}/{@code password} (may be null) protect both listeners, and
     * {@code unixExtra} is appended to [unix_http_server] (e.g. chmod=0700).
     */
    static TestDaemon start(Path dir, String programs, String user, String password, String unixExtra) throws Exception {
        Path socket = dir.resolve("api.sock");
        Path conf = dir.resolve("supervisord.conf");
        String creds = user == null ? "" : "username=" + user + "\npassword=" + password + "\n";
        Files.writeString(conf, header(dir) + "[unix_http_server]\nfile=" + socket + "\n" + creds + unixExtra + "\n" + programs);
        Configuration loaded = load(conf);
        // [inet_http_server] cannot say port 0, so the TCP listener is set here, on an ephemeral port.
        Configuration config = withInet(loaded, new HttpServerConfig(null, 0, null, "127.0.0.1", 0, user, password));
        AtomicReference<Engine> engineRef = new AtomicReference<>();
        Reaper reaper = new Reaper(pid -> engineRef.get() != null && engineRef.get().childExited(pid));
        PipePump pump = new PipePump();
        List<String> log = new CopyOnWriteArrayList<>();
        Engine engine = new Engine(config, Platform.of(new Spawner(), reaper, pump), (level, msg) -> log.add(level + " " + msg));
        engineRef.set(engine);
        org.supervisordj.events.EventBus bus = new org.supervisordj.events.EventBus(
                config.supervisord().identifier(), (level, msg) -> log.add(level + " " + msg), System::currentTimeMillis);
        engine.publishEventsTo(bus);
        engine.serveEventListeners(bus);
        bus.start(engine::sendToListener);
        engine.boot();
        StandardHooks hooks = new StandardHooks(conf, () -> new ConfigLoader(ConfigLoader.Options.current(false)),
                config, engine, new ApiServer.DaemonInfo("0.1.0-test", ProcessHandle.current().pid(), 1_764_081_000L),
                engine::shutdown, (level, msg) -> log.add(level + " " + msg)).publishingTo(bus);
        ApiServer api;
        try {
            api = ApiServer.start(config, engine, hooks);
        } catch (Exception e) {
            engine.shutdown().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            reaper.close();
            pump.close();
            throw e;
        }
        String auth = user == null ? null : basic(user, password);
        return new TestDaemon(dir, conf, engine, hooks, api, reaper, pump, auth, log);
    }

    static String header(Path dir) {
        return "[supervisord]\nlogfile=" + dir.resolve("supervisord.log") + "\npidfile=" + dir.resolve("supervisord.pid")
                + "\nchildlogdir=" + dir + "\nidentifier=apitest\n";
    }

    static Configuration load(Path conf) {
        try {
            return new ConfigLoader(ConfigLoader.Options.current(false)).load(conf);
        } catch (ConfigException e) {
            throw new AssertionError("test config rejected:\n" + e.getMessage(), e);
        }
    }

    static Configuration withInet(Configuration c, HttpServerConfig inet) {
        return new Configuration(c.files(), c.supervisord(), c.groups(), c.unixServer(), inet, c.supervisorctl(), c.warnings());
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    /** Rewrites the configuration file's programs (for reread/update). */
    void rewrite(String programs) throws IOException {
        String unix = Files.readString(confFile);
        String head = unix.substring(0, unix.indexOf("[unix_http_server]"));
        String server = unix.substring(unix.indexOf("[unix_http_server]"));
        server = server.substring(0, server.indexOf("\n\n") + 2);
        Files.writeString(confFile, head + server + programs);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> send(HttpRequest.Builder b) {
        if (auth != null) b.header("Authorization", auth);
        try {
            return http.send(b.timeout(DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends over the Unix socket (with the credentials, if any). */
    RawHttp.Response unix(String method, String target, String body) throws IOException {
        return auth == null ? RawHttp.unix(api.unixSocket(), method, target, body)
                : RawHttp.unix(api.unixSocket(), method, target, body, "Authorization: " + auth);
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    ProcessInfo info(String namespec) {
        return engine.snapshot().stream().filter(p -> p.namespec().equals(namespec)).findFirst()
                .orElseThrow(() -> new AssertionError("no process " + namespec + " in " + engine.snapshot()));
    }

    ProcessInfo awaitState(String namespec, ProcessState state) {
        await(() -> engine.snapshot().stream().anyMatch(p -> p.namespec().equals(namespec) && p.state() == state),
                namespec + " to be " + state);
        return info(namespec);
    }

    static void await(BooleanSupplier condition, String what) {
        try {
            Proc.await(DEADLINE, what, condition::getAsBoolean);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            api.close();
            if (!engine.failed()) engine.shutdown().get(DEADLINE.toSeconds(), TimeUnit.SECONDS); // a failed one has stopped its children
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("engine shutdown failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            if (hooks.events() != null) hooks.events().close();
            reaper.close();
            pump.close();
        }
    }
}
