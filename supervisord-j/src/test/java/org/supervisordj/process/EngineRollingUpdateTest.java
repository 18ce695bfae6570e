package org.supervisordj.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Rolling updates with real children: a changed group is replaced a process at a time, with the new settings. */
class EngineRollingUpdateTest extends EngineTestBase {

    // An HTTP server on the held socket (fd 3) answering $VERSION; TERM ends it between requests, never
    // during one, so a stop loses nothing: what it has not accepted stays queued for the others.
    private static final String SERVER = """
            import os, select, signal, socket, sys
            srv = socket.socket(fileno=3)
            srv.setblocking(False)
            r, w = os.pipe()
            os.set_blocking(w, False)
            signal.signal(signal.SIGTERM, lambda *a: None)
            signal.set_wakeup_fd(w)
            body = os.environ['VERSION'].encode()
            while True:
                ready, _, _ = select.select([srv, r], [], [])
                if r in ready:
                    sys.exit(0)
                try:
                    c, _ = srv.accept()
                except BlockingIOError:
                    continue  # another process took it
                c.setblocking(True)
                c.recv(65536)
                c.sendall(b'HTTP/1.0 200 OK\\r\\nContent-Length: %d\\r\\n\\r\\n' % len(body) + body)
                c.close()
            """;

    private String web(int port, String version, int numprocs) throws IOException {
        Path script = dir.resolve("server.py");
        Files.writeString(script, SERVER);
        return "[program:web]\ncommand=python3 " + script + "\nnumprocs=" + numprocs + "\nprocess_name=web_%(process_num)d\n"
                + "listen_sockets=tcp://127.0.0.1:" + port + "\nenvironment=VERSION=" + version + "\nstartsecs=1\n"
                + "startretries=0\nstopwaitsecs=20\n";
    }

    private static String get(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.substring(answer.indexOf("\r\n\r\n") + 4);
        }
    }

    @Test
    void aRollingUpdateLosesNoRequestAndServesTheNewSettings() throws Exception {
        int port = EngineSocketsTest.freePort();
        boot(web(port, "v1", 2));
        int first = running("web:web_0");
        int second = running("web:web_1");
        assertEquals("v1", get(port));
        try (RequestLoop load = new RequestLoop(port, 200_000)) {
            load.awaitMore(50);
            Engine.RolledUpdate u = result(engine.reloadRolling(TestConfigs.load(dir, web(port, "v2", 2))));
            assertEquals(List.of("web"), u.changes().changed());
            assertEquals(List.of("web_0", "web_1"), u.rolled().stream().map(ProcessResult::name).toList());
            assertTrue(u.rolled().stream().allMatch(ProcessResult::ok), u.rolled().toString());
            load.awaitMore(50);
            load.close();
            assertEquals(0, load.failed(), "requests lost during the rolling update: " + load.failures() + " of "
                    + (load.ok() + load.failed()));
        }
        assertNotEquals(first, info("web:web_0").pid());
        assertNotEquals(second, info("web:web_1").pid());
        for (int i = 0; i < 10; i++) assertEquals("v2", get(port), "only new processes serve");
        // Each replacement was RUNNING before the next old one was stopped.
        List<String> order = lines("web_").stream().filter(l -> l.contains("stopped: ") || l.contains("entered RUNNING"))
                .map(l -> (l.contains("stopped: ") ? "stopped " : "RUNNING ") + l.replaceAll(".*?(web_\\d).*", "$1")).toList();
        assertEquals(List.of("RUNNING web_0", "RUNNING web_1", "stopped web_0", "RUNNING web_0", "stopped web_1",
                "RUNNING web_1"), order, String.join("\n", log));
    }

    @Test
    void aReplacementThatFailsStopsTheRollTheOldOnesServeAndTheNextUpdateFinishesIt() throws Exception {
        int port = EngineSocketsTest.freePort();
        boot(web(port, "v1", 2));
        running("web:web_0");
        int second = running("web:web_1");
        // The new settings are broken: VERSION is missing, so the server dies at its start. startsecs is
        // raised with them so that the death always comes first: a loaded machine once took python more
        // than the 1 s to reach the KeyError, and the replacement counted as started.
        String broken = web(port, "v2", 2).replace("environment=VERSION=v2\n", "").replace("startsecs=1\n", "startsecs=60\n");
        assertTrue(broken.contains("startsecs=60") && !broken.contains("VERSION"), broken);
        Engine.RolledUpdate u = result(engine.reloadRolling(TestConfigs.load(dir, broken)));
        assertFalse(u.rolled().get(0).ok(), u.rolled().toString());
        assertEquals(Fault.FAILED, u.rolled().get(1).fault());
        assertEquals("not updated: the rolling update stopped at web:web_0 (" + u.rolled().get(0).description() + ")",
                u.rolled().get(1).description());
        assertEquals(second, info("web:web_1").pid(), "web_1 untouched");
        assertEquals(ProcessState.RUNNING, info("web:web_1").state());
        assertEquals("v1", get(port), "the old process keeps serving");
        // Fixed, the same group rolls again: the failed replacement and the old process both get the fix.
        Engine.RolledUpdate again = result(engine.reloadRolling(TestConfigs.load(dir, web(port, "v3", 2))));
        assertTrue(again.rolled().stream().allMatch(ProcessResult::ok), again.rolled().toString());
        assertEquals("v3", get(port));
        assertNotEquals(second, info("web:web_1").pid());
    }

    @Test
    void moreProcessesStartFirstAndFewerStopLast() throws Exception {
        String group = "[program:w]\ncommand=sleep %d\nnumprocs=%d\nprocess_name=w_%%(process_num)d\nstartsecs=0\nstopsignal=KILL\n";
        boot(TestConfigs.load(dir, group.formatted(3600, 2)));
        running("w:w_0");
        running("w:w_1");
        Engine.RolledUpdate up = result(engine.reloadRolling(TestConfigs.load(dir, group.formatted(3601, 3))));
        assertEquals(List.of("w_2", "w_0", "w_1"), up.rolled().stream().map(ProcessResult::name).toList());
        assertTrue(up.rolled().stream().allMatch(ProcessResult::ok), up.rolled().toString());
        for (int i = 0; i < 3; i++) running("w:w_" + i);
        assertEquals(List.of("w:w_0", "w:w_1", "w:w_2"), engine.snapshot().stream().map(ProcessInfo::namespec).toList(),
                "listed in start order, as after a plain update");
        Engine.RolledUpdate down = result(engine.reloadRolling(TestConfigs.load(dir, group.formatted(3601, 1))));
        // numprocs is one of each process's settings: w_0 changed too, and is replaced before the others go.
        assertEquals(List.of("w_0", "w_2", "w_1"), down.rolled().stream().map(ProcessResult::name).toList());
        assertTrue(down.rolled().stream().allMatch(ProcessResult::ok), down.rolled().toString());
        assertEquals(List.of("w:w_0"), engine.snapshot().stream().map(ProcessInfo::namespec).toList());
        running("w:w_0");
    }

    private int running(String namespec) throws Exception {
        return awaitState(namespec, ProcessState.RUNNING, LONG).pid();
    }
}
