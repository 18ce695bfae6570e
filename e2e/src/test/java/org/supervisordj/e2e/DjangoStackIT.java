package org.supervisordj.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment supervisord-j exists for: conf.d/examples/django (gunicorn and uvicorn behind
 * nginx) under a real daemon, driven with ctl. Needs Debian's nginx, gunicorn, python3-django and
 * python3-uvicorn (.ci/run installs them); prints the figures docs/deploy.md records. The example's
 * fixed ports and /tmp paths are replaced by free ports and the test's directory, so two runs (or a
 * real nginx on 8080) do not collide.
 */
class DjangoStackIT {

    /** Long enough for a busy 2-core machine; how fast it is goes to the figures, not to assertions. */
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Path DIST_PACKAGES = Path.of("/usr/lib/python3/dist-packages");

    @TempDir
    Path work;
    private Process daemon;
    private URI site;
    private URI gunicornDirect;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void stopDaemon() throws Exception {
        if (daemon != null && daemon.isAlive()) Launchers.stop(daemon, DEADLINE); // SIGTERM stops the stack
    }

    @Test
    void djangoBehindNginxSurvivesCrashesAndRestartsAndLeavesNothingBehind() throws Exception {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(Path.of("/usr/sbin/nginx"))) missing.add("nginx (/usr/sbin/nginx)");
        if (!Files.isExecutable(Path.of("/usr/bin/gunicorn"))) missing.add("gunicorn (/usr/bin/gunicorn)");
        if (!Files.isDirectory(DIST_PACKAGES.resolve("django"))) missing.add("python3-django (" + DIST_PACKAGES + "/django)");
        if (!Files.isDirectory(DIST_PACKAGES.resolve("uvicorn"))) missing.add("python3-uvicorn (" + DIST_PACKAGES + "/uvicorn)");
        assumeTrue(missing.isEmpty(), "skipped: the Django stack needs Debian packages not installed here: "
                + String.join(", ", missing) + " (apt-get install nginx gunicorn python3-django python3-uvicorn; "
                + ".ci/run installs them)");
        Path config = layOutStack();
        daemon = Launchers.startDaemon(config, work.resolve("daemon.out"));

        // 1. The page comes through nginx, from both app servers; static files from nginx itself.
        Launchers.await(DEADLINE, "the site through nginx", () -> status(site) == 200);
        // The start order of depends_on= and ready=: the one-shots' exits, then both app servers answering
        // HTTP (their readiness probe), and only then nginx's spawn (the daemon's log is in event order).
        Launchers.await(DEADLINE, "nginx RUNNING in the log", () -> log().contains("success: nginx entered RUNNING"));
        String log = log();
        int nginxSpawned = log.indexOf("spawned: 'nginx'");
        for (String ready : List.of("success: gunicorn entered RUNNING state, process is ready (ready=http://",
                "success: uvicorn entered RUNNING state, process is ready (ready=http://")) {
            assertTrue(log.contains(ready) && log.indexOf(ready) < nginxSpawned, "nginx spawned before " + ready + "\n" + log);
        }
        for (String oneShot : List.of("exited: migrate (exit status 0; expected)", "exited: collectstatic (exit status 0; expected)")) {
            assertTrue(log.contains(oneShot) && log.indexOf(oneShot) < log.indexOf("spawned: 'gunicorn'")
                    && log.indexOf(oneShot) < log.indexOf("spawned: 'uvicorn'"), "an app server spawned before " + oneShot + "\n" + log);
        }
        // The one-shots finished as expected: ctl status exits 0 (supervisorctl would say 3 for their EXITED).
        Launchers.Run statusRun = Launchers.ctl(work, "-c", config.toString(), "status");
        assertEquals(0, statusRun.exit(), statusRun.out() + statusRun.err());
        // The site answering says one app server is up; the other may still be booting on a busy machine.
        Set<String> servers = new HashSet<>();
        Launchers.await(DEADLINE, "answers from both app servers through nginx", () -> {
            header(site, "X-App-Server").ifPresent(servers::add);
            return servers.containsAll(Set.of("gunicorn", "uvicorn"));
        });
        assertEquals(Set.of("gunicorn", "uvicorn"), servers, "nginx balances across both app servers and nothing else");
        HttpResponse<String> css = get(site.resolve("/static/site.css"));
        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
        assertTrue(css.headers().firstValue("X-App-Server").isEmpty(), "static files come from nginx, not Django");

        // The SECRET_KEY from the 0600 environment file is never shown by ctl, the API or the daemon's log.
        String secret = Files.readString(work.resolve("django/django.env")).lines()
                .filter(l -> l.startsWith("DJANGO_SECRET_KEY=")).findFirst().orElseThrow().substring(18);
        for (String[] verb : new String[][] {{"status", "--json"}, {"status"}, {"avail", "--json"}, {"pid", "all"}}) {
            String[] args = new String[verb.length + 2];
            args[0] = "-c";
            args[1] = config.toString();
            System.arraycopy(verb, 0, args, 2, verb.length);
            Launchers.Run r = Launchers.ctl(work, args);
            assertTrue(!(r.out() + r.err()).contains(secret), "ctl " + String.join(" ", verb) + " showed the secret");
        }
        assertTrue(!Files.readString(work.resolve("supervisord.log")).contains(secret), "the daemon's log has the secret");

        // 2. kill -9 of the gunicorn master: restarted and answering again; nginx untouched.
        long nginx = pid("nginx");
        long master = pid("django:gunicorn");
        Set<Long> old = new HashSet<>(Launchers.children(master));
        old.add(master);
        long killedAt = System.nanoTime();
        ProcessHandle.of(master).orElseThrow().destroyForcibly(); // SIGKILL, without forking a kill(1)
        // Read /proc rather than ask ctl: the new master is the daemon's child running gunicorn that is not an old one.
        Launchers.await(DEADLINE, "a new gunicorn master", () -> newChild(old, "gunicorn") > 0);
        double newPidMs = (System.nanoTime() - killedAt) / 1e6;
        Launchers.await(DEADLINE, "gunicorn answering", () -> status(gunicornDirect) == 200);
        double answeringMs = (System.nanoTime() - killedAt) / 1e6; // a figure for docs/deploy.md, not a bound
        assertEquals(200, status(site));
        assertEquals(nginx, pid("nginx"), "nginx never stopped");

        // 3. ctl restart of the app servers while a request loop runs.
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Thread loop = new Thread(() -> {
            while (running.get()) {
                sent.incrementAndGet();
                if (status(site) != 200) failed.incrementAndGet();
            }
        }, "request-loop");
        loop.start();
        Launchers.await(DEADLINE, "some requests", () -> sent.get() > 20);
        long restartStart = System.nanoTime();
        Launchers.Run restart = Launchers.ctl(work, "-c", config.toString(), "restart", "django:*");
        double restartMs = (System.nanoTime() - restartStart) / 1e6;
        int sentBefore = sent.get();
        Launchers.await(DEADLINE, "requests after the restart", () -> sent.get() > sentBefore + 20);
        running.set(false);
        loop.join();
        assertEquals(0, restart.exit(), restart.out() + restart.err());
        assertTrue(restart.out().contains("django:gunicorn: started") && restart.out().contains("django:uvicorn: started"),
                restart.out());
        assertEquals(1, log().split("spawned: 'collectstatic'", -1).length - 1, "ctl restart django:* ran collectstatic again");

        // 4. ctl stop all: every process of the stack, workers included, is gone; then SIGTERM exits 0.
        List<Long> masters = List.of(pid("nginx"), pid("django:gunicorn"), pid("django:uvicorn"));
        // RUNNING (startsecs=2) does not say the restarted gunicorn has forked its workers yet.
        Launchers.await(DEADLINE, "gunicorn's 3 workers and nginx's 2", () -> workers(masters.get(1)) >= 3
                && workers(masters.get(0)) >= 2);
        List<Long> stack = new ArrayList<>(masters);
        for (long p : masters) stack.addAll(Launchers.children(p));
        Launchers.Run stop = Launchers.ctl(work, "-c", config.toString(), "stop", "all");
        assertEquals(0, stop.exit(), stop.out() + stop.err());
        for (long p : stack) assertTrue(!Launchers.alive(p), "process " + p + " survived ctl stop all");
        daemon.destroy();
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, daemon.exitValue());

        String figures = String.format("django e2e: kill -9 gunicorn master -> new master pid recorded after %.0f ms, "
                        + "answering again after %.0f ms; ctl restart of gunicorn+uvicorn took %.0f ms, "
                        + "%d of %d requests failed during it", newPidMs, answeringMs, restartMs, failed.get(), sent.get());
        System.out.println(figures);
        Files.writeString(Path.of("target/django-e2e-figures.txt"), figures + "\n");
    }

    /** Copies the example to a scratch directory with a root config and a 0600 environment file. */
    private Path layOutStack() throws IOException {
        Path stack = Examples.copy("django", work);
        Path confFile = stack.resolve("django.conf");
        Examples.prepareSite(stack, confFile);
        // The example's ports and nginx's /tmp paths, made this run's own.
        int[] ports = Launchers.freePorts(3);
        int front = ports[0];
        int gunicorn = ports[1];
        int uvicorn = ports[2];
        site = URI.create("http://127.0.0.1:" + front + "/");
        gunicornDirect = URI.create("http://127.0.0.1:" + gunicorn + "/");
        Examples.rewrite(stack.resolve("nginx.conf"), Map.of("127.0.0.1:8080", "127.0.0.1:" + front,
                "127.0.0.1:8001", "127.0.0.1:" + gunicorn, "127.0.0.1:8002", "127.0.0.1:" + uvicorn,
                "/tmp/supervisord-j-django-nginx", work.resolve("nginx").toString()));
        Examples.rewrite(confFile, Map.of("127.0.0.1:8001", "127.0.0.1:" + gunicorn,
                "--port 8002", "--port " + uvicorn, "127.0.0.1:8002", "127.0.0.1:" + uvicorn,
                "127.0.0.1:8080", "127.0.0.1:" + front));
        return Examples.daemonConfig(work, confFile);
    }

    private String log() {
        try {
            return Files.readString(work.resolve("supervisord.log"));
        } catch (IOException e) {
            return "";
        }
    }

    private static int workers(long master) {
        try {
            return Launchers.children(master).size();
        } catch (IOException e) {
            return 0;
        }
    }

    private long newChild(Set<Long> old, String command) {
        try {
            for (long p : Launchers.children(daemon.pid())) {
                if (!old.contains(p) && Files.readString(Path.of("/proc/" + p + "/cmdline")).contains(command)) return p;
            }
        } catch (IOException e) {
            // a process went away while we looked: try again
        }
        return 0;
    }

    private long pid(String namespec) throws Exception {
        long pid = pidOrZero(namespec);
        assertTrue(pid > 0, namespec + " has no pid");
        return pid;
    }

    private long pidOrZero(String namespec) {
        try {
            Launchers.Run r = Launchers.ctl(work, "-c", work.resolve("supervisord.conf").toString(), "pid", namespec);
            return r.exit() == 0 ? Long.parseLong(r.out().strip()) : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private java.util.Optional<String> header(URI uri, String name) {
        try {
            return get(uri).headers().firstValue(name);
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    private int status(URI uri) {
        try {
            return get(uri).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
