package org.supervisordj.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.supervisordj.events.DaemonChecks.await;
import static org.supervisordj.events.DaemonChecks.childLog;
import static org.supervisordj.events.DaemonChecks.read;
import static org.supervisordj.events.DaemonChecks.rpc;
import static org.supervisordj.events.DaemonChecks.running;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.supervisordj.api.xmlrpc.Supervisor;
import org.supervisordj.api.xmlrpc.Supervisor.Kind;

/**
 * Listeners written the way users write them, run unchanged under supervisord 4.2.5 (which proves
 * the test) and supervisord-j: a crashmail that mails a local sendmail stand-in, a listener in
 * plain sh, a memmon that restarts a program over its RSS limit through XML-RPC from inside the
 * listener, and two ways to stop the daemon when a program goes FATAL (XML-RPC shutdown, and the
 * {@code kill -QUIT $PPID} shell recipe that container images copy).
 */
class UserListenersTest {

    static final String TOOLBOX = """
            [eventlistener:crashmail]
            command=/usr/bin/python3 DIR/crashmail.py -m ops@example.com -s "DIR/sendmail.sh DIR/mail" -p crasher -p fine
            events=PROCESS_STATE_EXITED

            [eventlistener:shell]
            command=/bin/sh DIR/listener.sh DIR/shell.log
            events=PROCESS_STATE,REMOTE_COMMUNICATION

            [eventlistener:memmon]
            command=/usr/bin/python3 DIR/memmon.py -p hog=40MB -r DIR/restarts
            events=TICK_5

            [program:crasher]
            command=/bin/sh -c 'exit 2'
            autostart=false
            autorestart=false
            startsecs=0

            [program:fine]
            command=/bin/sh -c 'exit 0'
            autostart=false
            autorestart=false
            startsecs=0

            [program:hog]
            command=/usr/bin/python3 -c "import time; b = b'x' * (64 << 20); time.sleep(600)"
            startsecs=0
            """;

    @BeforeAll
    static void requireSupervisor() {
        Supervisor.assumeSupervisorInstalled();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void crashmailShellListenerAndMemmonDoTheirJobs(Kind kind, @TempDir Path dir) throws Exception {
        Scripts.copy(dir, "crashmail.py", "sendmail.sh", "listener.sh", "memmon.py", "rpc.py");
        Files.createDirectories(dir.resolve("mail"));
        try (Supervisor s = Supervisor.start(kind, dir, Scripts.in(dir, TOOLBOX))) {
            await(s, "the shell listener to log RUNNING of hog", () -> read(dir.resolve("shell.log")).contains("PROCESS_STATE_RUNNING processname:hog "));

            // An expected exit mails nobody; an unexpected one of the watched program does.
            s.ctl("start", "fine");
            await(s, "the shell listener to see fine exit", () -> read(dir.resolve("shell.log")).contains("PROCESS_STATE_EXITED processname:fine "));
            s.ctl("start", "crasher");
            Path mail = dir.resolve("mail/mail.1");
            await(s, "crashmail to mail", () -> Files.exists(mail));
            String text = Files.readString(mail);
            assertTrue(text.matches("To: ops@example\\.com\nSubject: crasher crashed at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}\n\n"
                    + "Process crasher in group crasher exited unexpectedly \\(pid \\d+\\) from state RUNNING\n"), text);
            assertEquals(List.of("mail.1"), names(dir.resolve("mail")), "one mail: fine exited as expected");
            // Two listeners with no order between them: crashmail may have mailed before the shell one logged.
            await(s, "the shell listener to see crasher exit unexpectedly", () -> read(dir.resolve("shell.log"))
                    .contains("PROCESS_STATE_EXITED processname:crasher groupname:crasher from_state:RUNNING expected:0 pid:"));

            // memmon restarts hog (64 MB) from inside its TICK_5 handler, over XML-RPC.
            await(s, "memmon to restart hog", () -> !read(dir.resolve("restarts")).isEmpty());
            String[] restart = read(dir.resolve("restarts")).lines().findFirst().orElseThrow().split(" ");
            assertEquals("hog", restart[0]);
            assertTrue(Long.parseLong(restart[2]) > 40L << 20, "RSS over the limit: " + restart[2]);
            String pid = s.ctl("pid", "hog").output().strip();
            assertNotEquals(restart[1], pid, "hog runs with a new pid after memmon's restart");
            assertTrue(childLog(dir, "memmon", "stderr").contains("RSS of hog:hog is "), "memmon's stderr is its log");
            // The protocol channel is also written to stdout_logfile (AUTO here), as supervisord does.
            assertTrue(childLog(dir, "shell", "stdout").startsWith("READY\nRESULT 2\nOKREADY\n"), childLog(dir, "shell", "stdout"));

            rpc(s, "supervisor.sendRemoteCommEvent", "note", "from a deploy script");
            await(s, "the shell listener to log the remote event", () -> read(dir.resolve("shell.log")).contains("REMOTE_COMMUNICATION type:"));
            assertTrue(read(dir.resolve("shell.log")).contains("REMOTE_COMMUNICATION type:note\n"), read(dir.resolve("shell.log")));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void quitOnFailureShutsTheDaemonDownOverXmlRpc(Kind kind, @TempDir Path dir) throws Exception {
        Scripts.copy(dir, "quit_on_failure.py");
        String config = """
                [eventlistener:quit_on_failure]
                command=/usr/bin/python3 DIR/quit_on_failure.py
                events=PROCESS_STATE_FATAL

                [program:web]
                command=/bin/sleep 600
                startsecs=0

                [program:broken]
                command=/bin/sh -c 'exit 1'
                startsecs=10
                startretries=0
                autostart=false
                """;
        try (Supervisor s = Supervisor.start(kind, dir, Scripts.in(dir, config))) {
            await(s, "quit_on_failure and web to run", () -> running(s, "quit_on_failure") && running(s, "web"));
            s.ctl("start", "broken");
            assertTrue(s.awaitExit(), kind + " still runs after broken went FATAL");
            assertTrue(childLog(dir, "quit_on_failure", "stderr").contains("broken is FATAL: shutting supervisord down"),
                    childLog(dir, "quit_on_failure", "stderr"));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theShellRecipeKillQuitParentStopsTheDaemon(Kind kind, @TempDir Path dir) throws Exception {
        String config = """
                [eventlistener:quit_on_fatal]
                command=/bin/sh -c "printf 'READY\\n'; while read line; do kill -QUIT $PPID; done"
                events=PROCESS_STATE_FATAL

                [program:broken]
                command=/bin/sh -c 'exit 1'
                startsecs=10
                startretries=0
                autostart=false
                """;
        assumeTrue(kind == Kind.SUPERVISORD, "missing in supervisord-j: SIGQUIT shutting the daemon down as supervisord's"
                + " SIGTERM does (daemon/SignalBridge leaves QUIT to the JVM's thread dumps), which this recipe relies on");
        try (Supervisor s = Supervisor.start(kind, dir, config)) {
            await(s, "quit_on_fatal to run", () -> running(s, "quit_on_fatal"));
            s.ctl("start", "broken");
            assertTrue(s.awaitExit(), kind + " still runs after kill -QUIT from its listener");
        }
    }

    private static List<String> names(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
