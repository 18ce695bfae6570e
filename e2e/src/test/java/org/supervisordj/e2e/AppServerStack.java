package org.supervisordj.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One app server's example, conf.d/examples/appservers/common.conf plus {@code <server>.conf}, under a
 * real daemon in a test's directory, on free ports: nginx in front ({@link #front}), the two instances
 * of {@code web} on the socket the daemon holds ({@link #held}), and, for the baseline, a program
 * {@code baseline}: the same server with the same flags binding its own port ({@link #baseline}), as
 * it would under supervisord.
 */
final class AppServerStack implements AutoCloseable {

    /** Long enough for a busy 2-core machine; speed is measured by the figures, not asserted. */
    static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern SERVED_BY = Pattern.compile("served by (\\S+) pid (\\d+)");

    /** An app server of the guide: its example's name and how its command binds a port of its own instead of fd 3. */
    enum Server {
        GUNICORN("gunicorn", "/usr/bin/gunicorn", "djangosite.wsgi", "--bind 127.0.0.1:%d djangosite.wsgi"),
        UWSGI("uwsgi", "/usr/lib/uwsgi/plugins/python3_plugin.so", "--protocol=http", "--http-socket 127.0.0.1:%d"),
        UVICORN("uvicorn", "/usr/lib/python3/dist-packages/uvicorn", "--fd 3", "--host 127.0.0.1 --port %d"),
        DAPHNE("daphne", "/usr/bin/daphne", "--fd 3", "-b 127.0.0.1 -p %d"),
        HYPERCORN("hypercorn", "/usr/bin/hypercorn", "fd://3", "127.0.0.1:%d");

        final String name;
        final Path installed;
        private final String heldArgument;
        private final String ownBind;

        Server(String name, String installed, String heldArgument, String ownBind) {
            this.name = name;
            this.installed = Path.of(installed);
            this.heldArgument = heldArgument;
            this.ownBind = ownBind;
        }
    }

    final Server server;
    final int front;
    final int held;
    final int baseline;
    private final Path work;
    private final Path config;
    private final Process daemon;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private AppServerStack(Server server, Path work) throws IOException {
        this.server = server;
        this.work = work;
        int[] ports = Launchers.freePorts(3);
        front = ports[0];
        held = ports[1];
        baseline = ports[2];
        Path django = Examples.copy("django", work);
        Path examples = Examples.copy("appservers", work);
        Path common = examples.resolve("common.conf");
        Path web = examples.resolve(server.name + ".conf");
        Path own = examples.resolve("baseline.conf"); // beside the example: the same %(here)s
        Files.writeString(own, baselineOf(Files.readString(web)));
        Examples.prepareSite(django, common, web, own);
        Examples.rewrite(examples.resolve("nginx.conf"), Map.of("127.0.0.1:8080", "127.0.0.1:" + front,
                "127.0.0.1:8000", "127.0.0.1:" + held, "/tmp/supervisord-j-appservers-nginx", work.resolve("nginx").toString()));
        Examples.rewrite(common, Map.of("127.0.0.1:8080", "127.0.0.1:" + front));
        Examples.rewrite(web, Map.of("tcp://127.0.0.1:8000", "tcp://127.0.0.1:" + held));
        config = Examples.daemonConfig(work, common, web, own);
        daemon = Launchers.startDaemon(config, work.resolve("daemon.out"));
    }

    /** Starts the stack and waits until the site answers through nginx. */
    static AppServerStack start(Server server, Path work) throws Exception {
        AppServerStack stack = new AppServerStack(server, work);
        try {
            Launchers.await(DEADLINE, server.name + "'s site through nginx",
                    () -> !stack.daemon.isAlive() || stack.status(stack.front, "/") == 200);
            assertTrue(stack.daemon.isAlive(), "the daemon exited");
            return stack;
        } catch (AssertionError | Exception e) {
            stack.close();
            throw new AssertionError(e.getMessage() + "\n" + stack.log(), e);
        }
    }

    /**
     * The example's [program:web] as a program "baseline" that binds its own port: no held socket, one
     * process, the server's own bind in place of fd 3 (its own file, so the example stays as written).
     */
    private String baselineOf(String web) {
        assertTrue(web.contains(server.heldArgument), server.name + ".conf no longer contains " + server.heldArgument);
        String section = web.substring(web.indexOf("[program:web]")).replace("[program:web]", "[program:baseline]")
                .replace(server.heldArgument, String.format(server.ownBind, baseline));
        return section.replaceAll("(?m)^(listen_sockets|numprocs|process_name)=.*\n", "");
    }

    Launchers.Run ctl(String... args) throws IOException, InterruptedException {
        String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Launchers.ctl(work, all);
    }

    /** The pid ctl reports for {@code namespec}, 0 when it has none (not running). */
    long pid(String namespec) {
        try {
            Launchers.Run r = ctl("pid", namespec);
            return r.exit() == 0 ? Long.parseLong(r.out().strip()) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    int status(int port, String path) {
        try {
            return get(port, path).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The app server and pid of the process that answered "/" on {@code port} ("uwsgi", 1234), or null. */
    Map.Entry<String, Long> servedBy(int port) {
        try {
            Matcher m = SERVED_BY.matcher(get(port, "/").body());
            return m.find() ? Map.entry(m.group(1), Long.parseLong(m.group(2))) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The daemon's output and log, for a failure's message. */
    String log() {
        StringBuilder all = new StringBuilder();
        for (String file : new String[] {"daemon.out", "supervisord.log"}) {
            try {
                all.append("--- ").append(file).append('\n').append(Files.readString(work.resolve(file)));
            } catch (IOException e) {
                all.append("--- no ").append(file).append('\n');
            }
        }
        return all.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (daemon.isAlive()) Launchers.stop(daemon, DEADLINE);
    }
}
