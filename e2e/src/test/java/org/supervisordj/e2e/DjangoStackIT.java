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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
 * python3-uvicorn (.ci/run installs them); prints the figures docs/deploy.md records.
 */
class DjangoStackIT {

    private static final URI SITE = URI.create("http://127.0.0.1:8080/");
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path work;
    private Process daemon;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stopDaemon() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy(); // SIGTERM: stops the stack
            if (!daemon.waitFor(60, TimeUnit.SECONDS)) daemon.destroyForcibly();
        }
    }

    @Test
    void djangoBehindNginxSurvivesCrashesAndRestartsAndLeavesNothingBehind() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")) && Files.isExecutable(Path.of("/usr/bin/gunicorn")),
                "nginx and gunicorn are not installed (apt-get install nginx gunicorn python3-django python3-uvicorn)");
        Path config = layOutStack();
        daemon = Launchers.startDaemon(config, work.resolve("daemon.out"));

        // 1. The page comes through nginx, from both app servers; static files from nginx itself.
        Launchers.await(START, "the site through nginx", () -> status(SITE) == 200);
        Set<String> servers = new HashSet<>();
        for (int i = 0; i < 40 && servers.size() < 2; i++) servers.add(get(SITE).headers().firstValue("X-App-Server").orElse("?"));
        assertEquals(Set.of("gunicorn", "uvicorn"), servers, "nginx balances across both app servers");
        HttpResponse<String> css = get(URI.create("http://127.0.0.1:8080/static/site.css"));
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

        // 2. kill -9 of the gunicorn master: restarted, answering again within 2 s; nginx untouched.
        long nginx = pid("nginx");
        long master = pid("django:gunicorn");
        Set<Long> old = new HashSet<>(Launchers.children(master));
        old.add(master);
        long killedAt = System.nanoTime();
        ProcessHandle.of(master).orElseThrow().destroyForcibly(); // SIGKILL, without forking a kill(1)
        // Read /proc rather than ask ctl: the new master is the daemon's child running gunicorn that is not an old one.
        Launchers.await(Duration.ofSeconds(10), "a new gunicorn master", () -> newChild(old, "gunicorn") > 0);
        double newPidMs = (System.nanoTime() - killedAt) / 1e6;
        URI gunicornDirect = URI.create("http://127.0.0.1:8001/");
        Launchers.await(Duration.ofSeconds(10), "gunicorn answering", () -> status(gunicornDirect) == 200);
        double answeringMs = (System.nanoTime() - killedAt) / 1e6;
        assertTrue(answeringMs < 2000, "gunicorn answered again after " + answeringMs + " ms");
        assertEquals(200, status(SITE));
        assertEquals(nginx, pid("nginx"), "nginx never stopped");

        // 3. ctl restart of the app servers while a request loop runs.
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Thread loop = new Thread(() -> {
            while (running.get()) {
                sent.incrementAndGet();
                if (status(SITE) != 200) failed.incrementAndGet();
            }
        }, "request-loop");
        loop.start();
        Launchers.await(Duration.ofSeconds(10), "some requests", () -> sent.get() > 20);
        long restartStart = System.nanoTime();
        Launchers.Run restart = Launchers.ctl(work, "-c", config.toString(), "restart", "django:gunicorn", "django:uvicorn");
        double restartMs = (System.nanoTime() - restartStart) / 1e6;
        int sentBefore = sent.get();
        Launchers.await(Duration.ofSeconds(10), "requests after the restart", () -> sent.get() > sentBefore + 20);
        running.set(false);
        loop.join();
        assertEquals(0, restart.exit(), restart.out() + restart.err());
        assertTrue(restart.out().contains("django:gunicorn: started") && restart.out().contains("django:uvicorn: started"),
                restart.out());

        // 4. ctl stop all: every process of the stack, workers included, is gone; then SIGTERM exits 0.
        List<Long> stack = new ArrayList<>(List.of(pid("nginx"), pid("django:gunicorn"), pid("django:uvicorn")));
        for (long p : List.copyOf(stack)) stack.addAll(Launchers.children(p));
        assertTrue(stack.size() >= 3 + 3 + 2, "gunicorn's 3 workers and nginx's 2 are in the list: " + stack);
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
        // nginx's workers run as nobody: they must be able to reach the static files (JUnit makes @TempDir 0700).
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path example = Launchers.ROOT.resolve("conf.d/examples/django");
        Path stack = work.resolve("django");
        try (var files = Files.walk(example)) {
            for (Path src : files.toList()) {
                Path dst = stack.resolve(example.relativize(src).toString());
                if (Files.isDirectory(src)) Files.createDirectories(dst);
                else if (!src.toString().contains("collected-static") && !src.getFileName().toString().equals("django.env")) {
                    Files.copy(src, dst);
                }
            }
        }
        Path confFile = stack.resolve("django.conf");
        if (isRoot()) {
            // The app servers run as www-data (user=): they write the collected static files (docs/deploy.md).
            Path collected = Files.createDirectories(stack.resolve("site/collected-static"));
            Files.setOwner(collected, collected.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("www-data"));
        } else {
            // Only root can switch users: run the stack as ourselves.
            Files.writeString(confFile, Files.readString(confFile).replace("user=www-data\n", ""));
        }
        Path env = stack.resolve("django.env");
        Files.writeString(env, "DJANGO_SECRET_KEY=e2e-" + System.nanoTime() + "\nDJANGO_ALLOWED_HOSTS=localhost,127.0.0.1\n"
                + "DJANGO_DEBUG=false\n");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
        Path config = work.resolve("supervisord.conf");
        Files.writeString(config, "[supervisord]\nlogfile=" + work.resolve("supervisord.log") + "\npidfile="
                + work.resolve("supervisord.pid") + "\nchildlogdir=" + work + "\n[unix_http_server]\nfile="
                + work.resolve("supervisord.sock") + "\n[include]\nfiles=" + stack.resolve("django.conf") + "\n");
        return config;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
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
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
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
