package org.supervisordj.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
 * A program prints 100k lines with stdout_events_enabled to a listener that takes 50 ms an event
 * and has a buffer of 10: while it floods, restarts of another program still complete, every
 * line still reaches the program's log, the pool drops its oldest events with supervisord's
 * "pool slow event buffer overflowed, discarding event N" line (the buffer, hence the memory, is
 * bounded), and the listener ends up with the newest output. How fast the restarts are is
 * bench/'s business; here they only have to work.
 */
class EventFloodTest {

    static final int LINES = 100_000;

    static final String CONFIG = """
            [eventlistener:slow]
            command=/usr/bin/python3 DIR/recorder.py DIR/slow.jsonl --delay 0.05
            events=PROCESS_LOG
            buffer_size=10

            [program:flood]
            command=/usr/bin/python3 -c "import time; [print('flood line ' + str(i), flush=True) for i in range(LINES)]; time.sleep(600)"
            autostart=false
            startsecs=0
            stdout_events_enabled=true
            stdout_logfile=DIR/flood.log
            stdout_logfile_maxbytes=0

            [program:other]
            command=/bin/sleep 600
            startsecs=0
            """.replace("LINES", String.valueOf(LINES));

    @BeforeAll
    static void requireSupervisor() {
        Supervisor.assumeSupervisorInstalled();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void restartsCompleteAndTheBufferStaysBoundedUnderAFlood(Kind kind, @TempDir Path dir) throws Exception {
        Scripts.copy(dir, "recorder.py");
        try (Supervisor s = Supervisor.start(kind, dir, Scripts.in(dir, CONFIG))) {
            Recording slow = new Recording(dir.resolve("slow.jsonl"), () -> DaemonChecks.log(s));
            DaemonChecks.await(s, "slow and other to run", () -> running(s, "slow") && running(s, "other"));

            assertEquals(0, s.ctl("start", "flood").exit());
            int restarts = 0;
            Path log = dir.resolve("flood.log");
            while (restarts < 3 || !DaemonChecks.read(log).endsWith("flood line " + (LINES - 1) + "\n")) {
                Supervisor.Result r = s.ctl("restart", "other");
                assertEquals("other: stopped\nother: started\n", r.output(), "restart " + restarts + " during the flood");
                restarts++;
                assertTrue(restarts < 200, "the flood never reached the log:\n" + tail(log));
            }
            assertEquals(LINES, DaemonChecks.read(log).lines().count(), "every line reached flood's log");

            // Oldest dropped, newest kept: the last events the listener gets hold the last line (an event
            // is a chunk as read from the pipe, so its newline may come in the next one).
            slow.await("the flood's last line", r -> r.eventname().equals("PROCESS_LOG_STDOUT")
                    && r.data().contains("flood line " + (LINES - 1)));
            List<Recording.Received> got = slow.all();
            assertTrue(got.size() < LINES / 10, "a 50 ms listener cannot have taken " + got.size() + " events");
            String daemonLog = s.read("supervisord.log");
            assertTrue(daemonLog.matches("(?s).*pool slow event buffer overflowed, discarding event \\d+\n.*"),
                    "no overflow line naming the pool:\n" + daemonLog.lines().limit(40).toList());
            assertTrue(running(s, "slow") && running(s, "flood") && running(s, "other"), s.ctl("status").output());
        }
    }

    private static String tail(Path log) {
        List<String> lines = DaemonChecks.read(log).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
