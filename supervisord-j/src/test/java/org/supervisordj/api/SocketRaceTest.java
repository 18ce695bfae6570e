package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.HttpServerConfig;
import org.supervisordj.posix.ProcessSignals;

/**
 * A real unprivileged user hammers connect() on the socket path while the API starts again and
 * again: it must never get an answer. The JVM runs with umask 000 meanwhile (as a daemon with
 * {@code umask=000} does), the worst case for a socket that is chmod-ed only after bind.
 */
@Tag("own-jvm") // changes the process-wide umask
class SocketRaceTest {

    private static final int STARTS = 150;

    // Counts answers to a control route; exits when the stop file appears.
    private static final String HAMMER = """
            import socket, sys, os
            path, ready, stop = sys.argv[1], sys.argv[2], sys.argv[3]
            open(ready, 'w').close()
            attempts = answers = 0
            while not os.path.exists(stop):
                attempts += 1
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                try:
                    s.connect(path)
                    s.sendall(b'GET /api/v1/processes HTTP/1.0\\r\\nHost: x\\r\\n\\r\\n')
                    s.settimeout(5)
                    if s.recv(64).startswith(b'HTTP/1.1 2'):
                        answers += 1
                except OSError:
                    pass
                finally:
                    s.close()
            print(attempts, answers)
            """;

    @Test
    void anUnprivilegedUserNeverReachesASocketBeingCreated(@TempDir Path dir) throws Exception {
        assumeTrue(ProcessSignals.isRoot(), "needs root: the hammer runs as the user nobody (setpriv)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/python3")),
                "needs /usr/bin/setpriv and /usr/bin/python3");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // nobody may look in
        Path script = Files.writeString(dir.resolve("hammer.py"), HAMMER);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        Path socket = dir.resolve("race.sock");
        Path markers = Files.createDirectory(dir.resolve("hammer")); // the hammer's own, for its ready file
        Files.setOwner(markers, markers.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        Path ready = markers.resolve("ready");
        Path stop = markers.resolve("stop");
        try (TestDaemon d = TestDaemon.start(dir, "[program:web]\ncommand=sleep 1000\nstartsecs=0\n")) {
            Configuration c = d.hooks.current();
            // Owned by another user and closed to others: nobody may never connect, before or after.
            Configuration raced = new Configuration(c.files(), c.supervisord(), c.groups(),
                    new HttpServerConfig(socket.toString(), 0770, "daemon:daemon", null, 0, null, null), null, null,
                    c.warnings());
            Process hammer = new ProcessBuilder("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                    "/usr/bin/python3", script.toString(), socket.toString(), ready.toString(), stop.toString())
                    .redirectErrorStream(true).start();
            int oldMask = ProcessSignals.setUmask(0);
            try {
                TestDaemon.await(() -> Files.exists(ready) || !hammer.isAlive(), "the hammer to start");
                assertTrue(hammer.isAlive(), () -> "hammer died: " + output(hammer));
                for (int i = 0; i < STARTS; i++) {
                    try (ApiServer api = ApiServer.start(raced, d.engine, d.hooks)) {
                        PosixFileAttributes a = Files.readAttributes(socket, PosixFileAttributes.class,
                                LinkOption.NOFOLLOW_LINKS);
                        assertEquals("rwxrwx---", PosixFilePermissions.toString(a.permissions()));
                        assertEquals("daemon", a.owner().getName());
                        assertEquals("daemon", a.group().getName());
                        assertEquals(200, RawHttp.unix(socket, "GET", "/healthz", null).status(), "root still connects");
                    }
                }
            } finally {
                ProcessSignals.setUmask(oldMask);
                Files.createFile(stop);
                if (!hammer.waitFor(30, TimeUnit.SECONDS)) hammer.destroyForcibly();
            }
            String[] counts = output(hammer).trim().split("\\s+");
            System.out.println("nobody's connects during " + STARTS + " starts, and answers: " + String.join(" ", counts));
            assertEquals(2, counts.length, String.join(" ", counts));
            assertTrue(Long.parseLong(counts[0]) > STARTS, "the hammer tried only " + counts[0] + " times");
            assertEquals("0", counts[1], "answers to nobody out of " + counts[0] + " connects");
            try (var leftovers = Files.list(dir)) {
                assertEquals(0, leftovers.filter(p -> p.getFileName().toString().startsWith(".")).count(),
                        "no staging directory is left behind");
            }
        }
    }

    private static String output(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes());
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
