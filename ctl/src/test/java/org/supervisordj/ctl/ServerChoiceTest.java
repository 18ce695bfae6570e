package org.supervisordj.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -s > SUPERVISORD_J_SERVERURL > -c ([supervisorctl], [unix_http_server], [inet_http_server]) > default. */
class ServerChoiceTest {
    @TempDir
    Path dir;

    private Path conf(String text) throws IOException {
        Path p = dir.resolve("supervisord.conf");
        Files.writeString(p, text);
        return p;
    }

    private static final String ALL_SECTIONS = "[supervisorctl]\nserverurl = unix://%(here)s/ctl.sock\n"
            + "username = ctluser\npassword = ctlpass\n"
            + "[unix_http_server]\nfile = %(here)s/unix.sock\n"
            + "[inet_http_server]\nport = 127.0.0.1:9001\n";

    @Test
    void flagBeatsEverything() throws IOException {
        ServerChoice c = ServerChoice.resolve("http://flag:1", null, null, conf(ALL_SECTIONS),
                Map.of("SUPERVISORD_J_SERVERURL", "http://env:2"));
        assertEquals("http://flag:1", c.url().text());
        assertEquals("-s", c.source());
        assertEquals("ctluser", c.username(), "[supervisorctl] credentials apply whatever chose the URL");
    }

    @Test
    void environmentBeatsTheConfigFile() throws IOException {
        ServerChoice c = ServerChoice.resolve(null, null, null, conf(ALL_SECTIONS),
                Map.of("SUPERVISORD_J_SERVERURL", "http://env:2", "SUPERVISORD_J_USERNAME", "envuser",
                        "SUPERVISORD_J_PASSWORD", "envpass"));
        assertEquals("http://env:2", c.url().text());
        assertEquals("envuser", c.username());
        assertEquals("envpass", c.password());
    }

    @Test
    void supervisorctlServerurlWithHereExpansion() throws IOException {
        ServerChoice c = ServerChoice.resolve(null, null, null, conf(ALL_SECTIONS), Map.of());
        assertEquals("unix://" + dir + "/ctl.sock", c.url().text());
        assertEquals("ctlpass", c.password());
    }

    @Test
    void thenTheUnixServerSectionWithItsCredentials() throws IOException {
        Path f = conf("[unix_http_server]\nfile = %(ENV_RUNDIR)s/unix.sock\nusername = u\npassword = p\n"
                + "[inet_http_server]\nport = 9001\n");
        ServerChoice c = ServerChoice.resolve(null, null, null, f, Map.of("RUNDIR", "/run/x"));
        assertEquals("unix:///run/x/unix.sock", c.url().text());
        assertEquals("u", c.username());
        assertEquals("p", c.password());
        assertTrue(c.source().endsWith("[unix_http_server] file"));
    }

    @Test
    void thenTheInetServerSection() throws IOException {
        ServerChoice c = ServerChoice.resolve(null, null, null, conf("[inet_http_server]\nport = *:9001\n"
                + "username = admin\npassword = {SHA}0123456789abcdef0123456789abcdef01234567\n"), Map.of());
        assertEquals("http://localhost:9001", c.url().text());
        assertNull(c.username(), "a {SHA} hash cannot be sent, so neither is its username");
        ServerChoice tls = ServerChoice.resolve(null, null, null, conf("[inet_http_server]\nport = 10.0.0.5:9443\n"
                + "certfile = /etc/x.pem\nkeyfile = /etc/x.key\nusername = a\npassword = b\n"), Map.of());
        assertEquals("https://10.0.0.5:9443", tls.url().text());
        assertEquals("a", tls.username());
    }

    @Test
    void thenTheDefault() throws IOException {
        assertEquals("unix:///run/supervisord-j.sock", ServerChoice.resolve(null, null, null, null, Map.of()).url().text());
        assertEquals("unix:///run/supervisord-j.sock",
                ServerChoice.resolve(null, null, null, conf("[supervisord]\nlogfile = /tmp/x\n"), Map.of()).url().text());
    }

    @Test
    void flagsBeatEnvironmentForCredentials() {
        ServerChoice c = ServerChoice.resolve(null, "flaguser", "flagpass", null,
                Map.of("SUPERVISORD_J_USERNAME", "envuser", "SUPERVISORD_J_PASSWORD", "envpass"));
        assertEquals("flaguser", c.username());
        assertEquals("flagpass", c.password());
    }

    @Test
    void badConfigFileIsOneLine() throws IOException {
        CtlException e = assertThrows(CtlException.class,
                () -> ServerChoice.resolve(null, null, null, dir.resolve("nope.conf"), Map.of()));
        assertEquals(ExitStatus.INVALID_ARGS, e.status);
        assertTrue(e.getMessage().endsWith("nope.conf: no such file"), e.getMessage());
        Path f = conf("[supervisorctl]\nserverurl = unix://%(ENV_MISSING)s/x.sock\n");
        e = assertThrows(CtlException.class, () -> ServerChoice.resolve(null, null, null, f, Map.of()));
        assertTrue(e.getMessage().startsWith(f + ":2: serverurl: "), e.getMessage());
    }

    @Test
    void aFileWithOneInvalidUtf8ByteIsAnErrorNamingItsLineAndNoDaemonIsAsked() throws Exception {
        // Before: the byte made the whole file unreadable, silently, and ctl used the default socket.
        try (FakeDaemon d = FakeDaemon.unix(dir.resolve("d.sock"), (req, r) -> r.json(200, "{\"processes\": []}"))) {
            Path f = conf("[unix_http_server]\nfile = %(here)s/d.sock\n; caf\u00e9\n");
            byte[] bytes = Files.readAllBytes(f);
            bytes[bytes.length - 2] = (byte) 0xff;
            Files.write(f, bytes);
            CtlException e = assertThrows(CtlException.class, () -> ServerChoice.resolve(null, null, null, f, Map.of()));
            assertTrue(e.getMessage().startsWith(f + ":3: invalid UTF-8"), e.getMessage());
            CtlRun r = CtlRun.run(Map.of("SUPERVISORD_J_SERVERURL", d.url()), "-c", f.toString(), "status");
            assertEquals(ExitStatus.INVALID_ARGS.code, r.exit(), r.err());
            assertTrue(r.err().contains(f + ":3: invalid UTF-8"), r.err());
            assertTrue(d.requests.isEmpty(), "a daemon was asked");
        }
        Path broken = conf("[unix_http_server]\nfile = /tmp/x.sock\nnot an option line\n");
        CtlException e = assertThrows(CtlException.class, () -> ServerChoice.resolve(null, null, null, broken, Map.of()));
        assertTrue(e.getMessage().startsWith(broken + ":3: "), e.getMessage());
    }

    @Test
    void configFileThroughTheCommandLine() throws Exception {
        try (FakeDaemon d = FakeDaemon.unix(dir.resolve("d.sock"), (req, r) -> r.json(200, "{\"processes\": []}"))) {
            Path f = conf("[unix_http_server]\nfile = %(here)s/d.sock\nusername = u\npassword = p\n");
            CtlRun r = CtlRun.run("-c", f.toString(), "status");
            assertEquals(0, r.exit(), r.err());
            assertTrue(d.requests.get(0).headers().get("authorization").startsWith("Basic "));
            r = CtlRun.run(Map.of("SUPERVISORD_J_SERVERURL", d.url()), "status");
            assertEquals(0, r.exit(), r.err());
        }
    }

    @Test
    void theShellsPromptAndHistoryFileAsSupervisorctlReadsThem() throws IOException {
        ConfigFileSettings f = ConfigFileSettings.read(conf("[supervisorctl]\nprompt = web-%(ENV_N)s\n"
                + "history_file = %(here)s/sub/../ctl.history\n"), Map.of("N", "1"));
        assertEquals("web-1", f.prompt());
        assertEquals(dir.resolve("ctl.history"), f.historyFile());
        f = ConfigFileSettings.read(conf("[supervisorctl]\nhistory_file = rel.history\n"), Map.of());
        assertEquals(Path.of("rel.history").toAbsolutePath(), f.historyFile(), "relative to the working directory");
        f = ConfigFileSettings.read(conf("[supervisorctl]\nhistory_file =\n"), Map.of());
        assertNull(f.historyFile(), "empty is none");
        assertNull(f.prompt());
    }
}
