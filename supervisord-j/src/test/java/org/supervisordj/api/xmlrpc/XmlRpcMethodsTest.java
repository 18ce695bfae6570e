package org.supervisordj.api.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Method by method with Python's {@code xmlrpc.client} and supervisor's own Unix-socket transport:
 * probe.py's normalized answers (values, struct fields and types, fault codes and strings) from
 * supervisord-j must equal supervisord 4.2.5's; hostile.py's attacks must leave the daemon and
 * its programs untouched.
 */
class XmlRpcMethodsTest {

    static final String PROGRAMS = SupervisorctlCompatTest.PROGRAMS + """

            [program:quiet]
            command=/bin/sleep 600
            autostart=false
            stdout_logfile=NONE
            stderr_logfile=NONE

            [program:echo]
            command=/bin/cat
            """;

    @BeforeAll
    static void requireSupervisor() {
        Supervisor.assumeSupervisorInstalled();
    }

    @Test
    void everyMethodAnswersAsSupervisordDoes(@TempDir Path tmp) throws Exception {
        Path probe = script(tmp, "probe.py");
        String theirs = run(Supervisor.Kind.SUPERVISORD, tmp.resolve("py"), probe);
        String ours = run(Supervisor.Kind.SUPERVISORD_J, tmp.resolve("j"), probe);
        assertEquals(theirs, ours);
    }

    @Test
    void hostileRequestsLeaveTheDaemonAndItsProgramsUntouched(@TempDir Path tmp) throws Exception {
        Path hostile = script(tmp, "hostile.py");
        try (Supervisor s = Supervisor.start(Supervisor.Kind.SUPERVISORD_J, tmp.resolve("j"), PROGRAMS)) {
            Supervisor.Result r = s.python(hostile, s.socket.toString());
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().endsWith("untouched\n"), r.output());
        }
    }

    private static String run(Supervisor.Kind kind, Path dir, Path script) throws Exception {
        try (Supervisor s = Supervisor.start(kind, dir, PROGRAMS)) {
            Supervisor.Result r = s.python(script, s.socket.toString(), dir.toString());
            assertEquals(0, r.exit(), kind + ": " + r.output());
            assertTrue(s.awaitExit(), kind + " did not exit after supervisor.shutdown");
            return r.output();
        }
    }

    private static Path script(Path dir, String name) throws Exception {
        Path out = dir.resolve(name);
        try (InputStream in = XmlRpcMethodsTest.class.getResourceAsStream(name)) {
            Files.copy(in, out);
        }
        return out;
    }
}
