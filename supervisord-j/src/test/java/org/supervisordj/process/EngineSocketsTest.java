package org.supervisordj.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/**
 * Held sockets with real children: what fds a child gets (exactly its sockets, nothing else), the
 * socket-activation environment, sharing between numprocs, and the socket's life across restarts
 * and reloads.
 */
class EngineSocketsTest extends EngineTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    // Reports every open fd below 64 (fstat opens nothing), its kind and inode, and LISTEN_*; then,
    // if asked, accepts on fd 0 or 3 and answers each connection with its pid.
    private static final String CHILD = """
            import json, os, socket, stat, sys, time
            fds = {}
            for fd in range(64):
                try:
                    st = os.fstat(fd)
                except OSError:
                    continue
                kind = 'socket' if stat.S_ISSOCK(st.st_mode) else 'other'
                entry = {'kind': kind, 'ino': st.st_ino}
                if kind == 'socket':
                    s = socket.socket(fileno=os.dup(fd))
                    entry['listening'] = s.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1
                    entry['address'] = str(s.getsockname())
                    s.close()
                fds[str(fd)] = entry
            report = {'pid': os.getpid(), 'fds': fds,
                      'env': {k: v for k, v in os.environ.items() if k.startswith('LISTEN_')}}
            with open(sys.argv[1] + '.tmp', 'w') as f:
                json.dump(report, f)
            os.rename(sys.argv[1] + '.tmp', sys.argv[1])
            if len(sys.argv) > 2:
                srv = socket.socket(fileno=int(sys.argv[2]))
                while True:
                    c, _ = srv.accept()
                    c.sendall(str(os.getpid()).encode())
                    c.close()
            time.sleep(3600)
            """;

    private Path child() throws IOException {
        Path script = dir.resolve("child.py");
        Files.writeString(script, CHILD);
        return script;
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private JsonNode report(Path file) throws Exception {
        awaitTrue(LONG, file + " written", () -> Files.exists(file));
        return JSON.readTree(Files.readString(file));
    }

    static String ask(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void listenSocketsAreFdThreeOnWithTheirEnvironmentAndNothingElse() throws Exception {
        int http = freePort();
        Path unix = dir.resolve("admin.sock");
        Path out = dir.resolve("report.json");
        boot("[program:web]\ncommand=python3 " + child() + " " + out + " 3\nstartsecs=0\n"
                + "listen_sockets=http=tcp://127.0.0.1:" + http + ", admin=unix://" + unix + "\nsocket_mode=0660\n");
        JsonNode r = report(out);
        assertEquals(Map.of("LISTEN_FDS", "2", "LISTEN_FDNAMES", "http:admin", "LISTEN_PID", r.get("pid").asText()),
                JSON.convertValue(r.get("env"), Map.class));
        JsonNode fds = r.get("fds");
        assertEquals(List.of("0", "1", "2", "3", "4"), iterate(fds), "the child's fds: " + fds);
        assertTrue(fds.get("3").get("listening").asBoolean());
        assertEquals("('127.0.0.1', " + http + ")", fds.get("3").get("address").asText());
        assertEquals(unix.toString(), fds.get("4").get("address").asText());
        assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(unix)));
        assertEquals(r.get("pid").asText(), ask(http));
        assertEquals(r.get("pid").asInt(), info("web").pid(), "LISTEN_PID is the supervised pid itself");
    }

    /**
     * Seen from outside, through /proc, for every fd (not only those the child can probe) and for a
     * grandchild too: the child and what it forks hold stdin, stdout, stderr and the one socket given
     * (fd 3 for listen_sockets, fd 0 for an fcgi-program), a listening TCP socket on the configured port.
     */
    @Test
    void aListenSocketsChildAndItsGrandchildHoldOnlyFdThreeBesidesStdioSeenThroughProc() throws Exception {
        assertOnlyTheGivenSocket(false);
    }

    @Test
    void anFcgiChildAndItsGrandchildHoldOnlyTheSocketOnFdZeroSeenThroughProc() throws Exception {
        assertOnlyTheGivenSocket(true);
    }

    private void assertOnlyTheGivenSocket(boolean fcgi) throws Exception {
        {
            int port = freePort();
            Path grandchild = dir.resolve("grandchild-" + fcgi + ".pid");
            // The child forks a sleep (inheriting what subprocess passes on: fds 0-2, and 3 when it is not
            // close-on-exec, as a given socket must not be) and becomes a sleep itself.
            String fork = "import os, subprocess, sys; g = subprocess.Popen(['sleep', '3600'], close_fds=False); "
                    + "open(sys.argv[1], 'w').write(str(g.pid) + chr(10)); os.execvp('sleep', ['sleep', '3601'])";
            String command = "command=python3 -c \"" + fork + "\" " + grandchild + "\nstartsecs=0\nstopasgroup=true\n";
            boot(fcgi ? "[fcgi-program:web]\nsocket=tcp://127.0.0.1:" + port + "\n" + command
                    : "[program:web]\nlisten_sockets=tcp://127.0.0.1:" + port + "\n" + command);
            int child = awaitState("web", ProcessState.RUNNING, LONG).pid();
            awaitTrue(LONG, grandchild + " written", () -> Files.exists(grandchild) && Files.readString(grandchild).endsWith("\n"));
            int grandchildPid = Integer.parseInt(Files.readString(grandchild).strip());
            int socketFd = fcgi ? 0 : 3;
            for (int pid : new int[] {child, grandchildPid}) {
                // asleep, not merely exec'd: until then sleep's dynamic loader holds an fd of its own
                org.supervisordj.posix.Proc.awaitAsleep(pid);
                assertEquals(fcgi ? List.of(0, 1, 2) : List.of(0, 1, 2, 3), List.copyOf(ProcFs.fds(pid)),
                        (fcgi ? "fcgi" : "listen_sockets") + ": the fds of " + pid);
                String target = Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/" + socketFd)).toString();
                assertTrue(target.matches("socket:\\[\\d+]"), "fd " + socketFd + " of " + pid + ": " + target);
                assertEquals(listeningInode(port), target.replaceAll("\\D", ""), "fd " + socketFd + " of " + pid
                        + " is the socket listening on " + port);
            }
            result(engine.stop("web", true));
            awaitTrue(LONG, "the grandchild is gone with its group", () -> !ProcFs.exists(grandchildPid));
        }
    }

    /** The inode of the socket listening on 127.0.0.1:port, from /proc/net/tcp (state 0A is LISTEN). */
    private static String listeningInode(int port) throws IOException {
        String local = "0100007F:" + String.format("%04X", port);
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && f[1].equals(local) && f[3].equals("0A")) return f[9];
        }
        throw new AssertionError("nothing listens on " + local + " in /proc/net/tcp");
    }

    @Test
    void fcgiProgramProcessesShareOneSocketOnFdZero() throws Exception {
        int port = freePort();
        boot("[fcgi-program:app]\nsocket=tcp://127.0.0.1:" + port + "\ncommand=python3 " + child() + " "
                + dir.resolve("report-%(process_num)d.json") + " 0\nnumprocs=2\nprocess_name=app_%(process_num)d\n"
                + "startsecs=0\n");
        JsonNode a = report(dir.resolve("report-0.json"));
        JsonNode b = report(dir.resolve("report-1.json"));
        for (JsonNode r : List.of(a, b)) {
            assertEquals(List.of("0", "1", "2"), iterate(r.get("fds")), "fds: " + r.get("fds"));
            assertTrue(r.get("fds").get("0").get("listening").asBoolean());
            assertEquals(Map.of(), JSON.convertValue(r.get("env"), Map.class));
        }
        assertEquals(a.get("fds").get("0").get("ino"), b.get("fds").get("0").get("ino"), "one socket, shared");
        String pid = ask(port);
        assertTrue(pid.equals(a.get("pid").asText()) || pid.equals(b.get("pid").asText()), pid);
    }

    @Test
    void theSocketOutlivesARestartSoConnectionsQueueInsteadOfBeingRefused() throws Exception {
        int port = freePort();
        Path out = dir.resolve("report.json");
        boot("[program:web]\ncommand=python3 " + child() + " " + out + " 3\nstartsecs=0\nstopsignal=KILL\n"
                + "listen_sockets=tcp://127.0.0.1:" + port + "\n");
        String first = report(out).get("pid").asText();
        assertEquals(first, ask(port));
        result(engine.stop("web", true));
        Files.delete(out);
        // No process accepts now, but the held socket does: the connection waits in its backlog.
        try (Socket queued = new Socket()) {
            queued.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            queued.setSoTimeout(30_000);
            result(engine.start("web", true));
            String second = new String(queued.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertNotEquals(first, second);
            assertEquals(report(out).get("pid").asText(), second, "the new process answered the queued connection");
        }
    }

    @Test
    void reloadKeepsAnUnchangedSocketAndRecreatesAChangedOne() throws Exception {
        int port = freePort();
        int other = freePort();
        Path out = dir.resolve("report.json");
        String program = "[program:web]\ncommand=python3 " + child() + " " + out + " 3\nstartsecs=0\nstopsignal=KILL\n"
                + "listen_sockets=tcp://127.0.0.1:%d\n";
        String unchanged = "[program:other]\ncommand=sleep 3600\nlisten_sockets=tcp://127.0.0.1:" + other + "\n";
        boot(TestConfigs.load(dir, program.formatted(port) + unchanged));
        awaitState("other", ProcessState.RUNNING, LONG);
        long otherIno = socketInode(info("other").pid(), 3);
        report(out);
        int moved = freePort();
        Files.delete(out);
        ReloadResult diff = result(engine.reload(TestConfigs.load(dir, program.formatted(moved) + unchanged)));
        assertEquals(List.of("web"), diff.changed());
        String pid = report(out).get("pid").asText();
        assertEquals(pid, ask(moved));
        assertThrows(ConnectException.class, () -> ask(port), "the old address is closed");
        assertEquals(otherIno, socketInode(info("other").pid(), 3), "the unchanged program kept its socket");
        awaitLog("Closing socket tcp://127.0.0.1:" + port);
    }

    @Test
    void aChangedModeIsAppliedToTheHeldSocketInPlace() throws Exception {
        Path unix = dir.resolve("app.sock");
        String program = "[program:web]\ncommand=sleep 3600\nstartsecs=0\nstopsignal=KILL\nlisten_sockets=unix://" + unix
                + "\nsocket_mode=%s\n";
        boot(TestConfigs.load(dir, program.formatted("0600")));
        awaitState("web", ProcessState.RUNNING, LONG);
        Object inode = Files.getAttribute(unix, "unix:ino");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(unix)));
        assertEquals(List.of("web"), result(engine.reload(TestConfigs.load(dir, program.formatted("0660")))).changed());
        assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(unix)));
        assertEquals(inode, Files.getAttribute(unix, "unix:ino"), "the same socket, not a new one");
        assertEquals(0, count("Closing socket"), String.join("\n", log));
    }

    private static long socketInode(int pid, int fd) throws IOException {
        String link = Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/" + fd)).toString(); // socket:[123]
        return Long.parseLong(link.replaceAll("\\D", ""));
    }

    private static List<String> iterate(JsonNode fds) {
        List<String> names = new java.util.ArrayList<>();
        fds.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
