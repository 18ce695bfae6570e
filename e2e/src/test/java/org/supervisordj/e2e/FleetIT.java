package org.supervisordj.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ctl with several {@code -s}: three real daemons on loopback ports (one with Basic auth), one of
 * them shut down; status and restart act on the live two and report the down one.
 */
class FleetIT {

    @TempDir
    Path work;
    private final List<Process> daemons = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process d : daemons) if (d.isAlive()) Launchers.stop(d, Duration.ofSeconds(30));
    }

    /** Starts daemon i with program web on its own port; returns its URL. */
    private String daemon(int i, int port, boolean auth) throws Exception {
        Path dir = Files.createDirectory(work.resolve("host" + i));
        Path c = dir.resolve("supervisord.conf");
        Files.writeString(c, "[supervisord]\nlogfile=" + dir.resolve("d.log") + "\npidfile=" + dir.resolve("d.pid")
                + "\nchildlogdir=" + dir + "\n[inet_http_server]\nport=127.0.0.1:" + port + "\n"
                + (auth ? "username=admin\npassword=s3cret\n" : "")
                + "[program:web]\ncommand=sleep 1000\nstartsecs=0\n");
        daemons.add(Launchers.startDaemon(c, dir.resolve("daemon.out")));
        return "http://127.0.0.1:" + port;
    }

    private Launchers.Run ctl(List<String> urls, String... args) throws Exception {
        List<String> all = new ArrayList<>();
        for (String u : urls) {
            all.add("-s");
            all.add(u);
        }
        all.addAll(List.of("-u", "admin", "-p", "s3cret"));
        all.addAll(List.of(args));
        return Launchers.ctl(work, all.toArray(String[]::new));
    }

    private long pid(String url) throws Exception {
        Launchers.Run r = Launchers.ctl(work, "-s", url, "-u", "admin", "-p", "s3cret", "pid", "web");
        return r.exit() == 0 ? Long.parseLong(r.out().strip()) : -1;
    }

    @Test
    void statusAndRestartOnEveryLiveHostAndTheDownOneReported() throws Exception {
        int[] ports = Launchers.freePorts(3);
        List<String> urls = List.of(daemon(0, ports[0], false), daemon(1, ports[1], true), daemon(2, ports[2], false));
        for (String u : urls) Launchers.await(Duration.ofSeconds(60), "web running on " + u, () -> {
            try {
                return pid(u) > 0;
            } catch (Exception e) {
                return false;
            }
        });
        Process down = daemons.get(2);
        Launchers.stop(down, Duration.ofSeconds(30));
        assertTrue(down.waitFor(30, TimeUnit.SECONDS));

        Launchers.Run status = ctl(urls, "status");
        assertEquals(69, status.exit(), "the down host makes it 69: " + status.out() + status.err());
        List<String> lines = status.out().lines().toList();
        assertEquals(2, lines.size(), status.out());
        assertTrue(lines.get(0).matches("http://127\\.0\\.0\\.1:" + ports[0] + "\\s+web\\s+RUNNING\\s+pid \\d+.*"), status.out());
        assertTrue(lines.get(1).matches("http://127\\.0\\.0\\.1:" + ports[1] + "\\s+web\\s+RUNNING\\s+pid \\d+.*"), status.out());
        assertEquals(List.of(urls.get(2) + ": refused connection"), status.err().lines().toList());
        assertFalse(status.out().contains("s3cret") || status.err().contains("s3cret"), "no credentials printed");

        Launchers.Run json = ctl(urls, "status", "--json");
        assertTrue(json.out().contains("\"host\":\"" + urls.get(1) + "\""), json.out());
        assertTrue(json.out().contains("\"failures\":[{\"host\":\"" + urls.get(2) + "\""), json.out());

        // Without credentials the auth host is one 401 line; the other live host still answers.
        Launchers.Run noAuth = Launchers.ctl(work, "-s", urls.get(0), "-s", urls.get(1), "status");
        assertEquals(1, noAuth.exit(), noAuth.err());
        assertTrue(noAuth.out().startsWith(urls.get(0) + "  web "), noAuth.out());
        assertTrue(noAuth.err().startsWith(urls.get(1) + ": Server requires authentication"), noAuth.err());
        assertEquals(1, noAuth.err().lines().count(), noAuth.err());

        long before0 = pid(urls.get(0));
        long before1 = pid(urls.get(1));
        Launchers.Run restart = ctl(urls, "restart", "web");
        assertEquals(69, restart.exit(), restart.err());
        assertEquals(List.of(urls.get(0) + "  web: stopped", urls.get(0) + "  web: started",
                urls.get(1) + "  web: stopped", urls.get(1) + "  web: started"), restart.out().lines().toList());
        assertEquals(List.of(urls.get(2) + ": refused connection"), restart.err().lines().toList());
        assertNotEquals(before0, pid(urls.get(0)));
        assertNotEquals(before1, pid(urls.get(1)));

        // --rolling: one server after another, stopping at the first that fails (the down one, named second).
        long rolled0 = pid(urls.get(0));
        long kept1 = pid(urls.get(1));
        Launchers.Run rolling = ctl(List.of(urls.get(0), urls.get(2), urls.get(1)), "restart", "--rolling", "web");
        assertEquals(69, rolling.exit(), rolling.err());
        assertEquals(List.of(urls.get(0) + "  web: stopped", urls.get(0) + "  web: started"), rolling.out().lines().toList());
        assertEquals(List.of(urls.get(2) + ": refused connection",
                urls.get(1) + ": not restarted: a server before it failed (--rolling stops there)"), rolling.err().lines().toList());
        assertNotEquals(rolled0, pid(urls.get(0)));
        assertEquals(kept1, pid(urls.get(1)), "the server after the failed one was not touched");

        // --servers FILE: section names as HOST, the password only for the host that needs it.
        Path servers = work.resolve("servers.ini");
        Files.writeString(servers, "[alpha]\nurl=" + urls.get(0) + "\n[beta]\nurl=" + urls.get(1)
                + "\nusername=admin\npassword=s3cret\n[gamma]\nurl=" + urls.get(2) + "\n");
        Files.setPosixFilePermissions(servers, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Launchers.Run readable = Launchers.ctl(work, "--servers", servers.toString(), "status");
        assertEquals(2, readable.exit(), readable.err());
        assertTrue(readable.err().contains("chmod 600"), readable.err());
        Files.setPosixFilePermissions(servers, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Launchers.Run fromFile = Launchers.ctl(work, "--servers", servers.toString(), "status");
        assertEquals(69, fromFile.exit(), fromFile.err());
        List<String> fileLines = fromFile.out().lines().toList();
        assertEquals(2, fileLines.size(), fromFile.out());
        assertTrue(fileLines.get(0).matches("alpha  web\\s+RUNNING.*"), fromFile.out());
        assertTrue(fileLines.get(1).matches("beta   web\\s+RUNNING.*"), fromFile.out());
        assertEquals(List.of("gamma: refused connection"), fromFile.err().lines().toList());

        Launchers.Run oneServerVerb = ctl(urls, "tail", "web");
        assertEquals(2, oneServerVerb.exit(), oneServerVerb.err());
    }
}
