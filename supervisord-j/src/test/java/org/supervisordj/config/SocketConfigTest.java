package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Held sockets in the configuration: listen_sockets= (extension) and what supervisord-j adds to
 * [fcgi-program:x] parsing (DifferentialTest compares the rest with supervisord itself).
 */
class SocketConfigTest {
    private static final String HEAD = "[supervisord]\nlogfile=/tmp/sd-test.log\npidfile=/tmp/sd-test.pid\n";

    @TempDir
    Path dir;

    private Configuration load(String text, boolean portable) throws Exception {
        Path root = dir.resolve("supervisord.conf");
        Files.writeString(root, HEAD + text);
        return new ConfigLoader(new ConfigLoader.Options(Map.of(), "box", dir, portable)).load(root);
    }

    private ConfigProblem error(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(text, false));
        return e.problems().stream().filter(ConfigProblem::isError).findFirst().orElseThrow();
    }

    @Test
    void listenSocketsAreNamedInOrderAndOwnerAndModeApplyToTheUnixOnes() throws Exception {
        ProgramConfig p = load("[program:web]\ncommand=/bin/true\nnumprocs=2\nprocess_name=web_%(process_num)d\n"
                + "listen_sockets=tcp://LOCALHOST:8000, admin=unix://" + dir + "/./a.sock\nsocket_mode=660\n"
                + "socket_backlog=128\n", false).programs().get(1);
        assertEquals(List.of("web", "admin"), p.listenSockets().stream().map(ListenSocket::name).toList());
        SocketConfig tcp = p.listenSockets().get(0).socket();
        SocketConfig unix = p.listenSockets().get(1).socket();
        assertEquals("tcp://localhost:8000", tcp.url());
        assertNull(tcp.mode());
        assertEquals("unix://" + dir + "/a.sock", unix.url());
        assertEquals(0660, unix.mode());
        assertEquals(128, unix.backlog());
        assertNull(p.fcgiSocket());
    }

    @Test
    void badListenSocketsAreLocatedErrors() {
        String program = "[program:web]\ncommand=/bin/true\nlisten_sockets=";
        assertTrue(error(program + "a:b=tcp://127.0.0.1:8000\n").message().contains("not a valid LISTEN_FDNAMES name"));
        assertTrue(error(program + "tcp://127.0.0.1:8000, x=tcp://127.0.0.1:8000\n").message().contains("listed twice"));
        assertTrue(error(program + "udp://127.0.0.1:53\n").message().contains("Bad socket format"));
        ConfigProblem port = error(program + "tcp://127.0.0.1:70000\n");
        assertEquals("listen_sockets", port.key());
        assertEquals(6, port.line());
    }

    @Test
    void programsMayShareASocketButNotWithOtherSettings() throws Exception {
        String a = "[program:a]\ncommand=/bin/true\nlisten_sockets=tcp://127.0.0.1:8000\n";
        Configuration c = load(a + "[program:b]\ncommand=/bin/true\nlisten_sockets=tcp://127.0.0.1:8000\n", false);
        assertEquals(c.programs().get(0).listenSockets().get(0).socket(), c.programs().get(1).listenSockets().get(0).socket());
        assertTrue(error(a + "[program:b]\ncommand=/bin/true\nlisten_sockets=tcp://127.0.0.1:8000\nsocket_backlog=5\n")
                .message().contains("programs sharing a socket must agree"));
    }

    @Test
    void aUnixSocketInAMissingDirectoryIsAnErrorHereAndAWarningForAnotherHost() throws Exception {
        String text = "[fcgi-program:asgi]\nsocket=unix:///nonexistent-dir/d.sock\ncommand=/bin/true\n";
        assertTrue(error(text).message().contains("/nonexistent-dir/d.sock does not exist"));
        Configuration portable = load(text, true);
        assertEquals("unix:///nonexistent-dir/d.sock", portable.programs().get(0).fcgiSocket().url());
    }

    @Test
    void anFcgiProgramInAGroupRunsWithoutItsSocketAsInSupervisordAndSaysSo() throws Exception {
        Configuration c = load("[group:g]\nprograms=asgi\n[fcgi-program:asgi]\nsocket=tcp://127.0.0.1:8000\n"
                + "command=/bin/true\n", false);
        assertNull(c.programs().get(0).fcgiSocket());
        assertEquals("g", c.programs().get(0).group());
        assertTrue(c.warnings().stream().anyMatch(w -> w.message().contains("runs without its socket")), c.warnings().toString());
    }
}
