package org.supervisordj.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.supervisordj.api.xmlrpc.Supervisor;
import org.supervisordj.api.xmlrpc.Supervisor.Kind;

/**
 * The differential proof of the event listener protocol: scenarios (supervisorctl and XML-RPC
 * actions, each waited out on the event it must cause) run under supervisord 4.2.5 and under
 * supervisord-j, with a childutils listener recording every header and payload it receives. Both
 * must give {@link #EXPECTED} and {@link #OUTPUT_EXPECTED}, 4.2.5's own runs, event for event
 * (serials renumbered, pids and times masked): every PROCESS_STATE_* but UNKNOWN,
 * REMOTE_COMMUNICATION, a FAILed event and one in flight when the listener died re-sent with the
 * same serial, PROCESS_GROUP_ADDED/REMOVED
 * both from XML-RPC and from update, SUPERVISOR_STATE_CHANGE_RUNNING/STOPPING, TICK_5, and in
 * scenarios of their own PROCESS_LOG and PROCESS_COMMUNICATION on both channels, the latter also
 * from a program using childutils' pcomm.
 *
 * <p>What 4.2.5 does here that an implementation could easily get wrong: a pool only sees the
 * events after it subscribed, so the recorder (priority 1) sees its own PROCESS_GROUP_ADDED and
 * the later groups' but not the ticker's (an eventlistener's default priority is -1); text
 * inside the capture tokens is also sent as PROCESS_LOG_STDOUT; a capturing channel holds output
 * no longer than the begin token until more comes, so the text after the capture is made longer.
 * crasher's startsecs is far longer than it lives, so a busy machine cannot let it reach RUNNING.
 */
class EventSequenceTest {

    static final String CONFIG = """
            [eventlistener:recorder]
            command=/usr/bin/python3 DIR/recorder.py DIR/events.jsonl --fail-once fail-me --die-once die-me
            events=PROCESS_STATE,REMOTE_COMMUNICATION,SUPERVISOR_STATE_CHANGE,PROCESS_GROUP
            priority=1
            buffer_size=100

            [eventlistener:ticker]
            command=/usr/bin/python3 DIR/recorder.py DIR/ticks.jsonl
            events=TICK_5
            autostart=false
            startsecs=0

            [program:worker]
            command=/bin/sleep 600
            autostart=false
            startsecs=0

            [program:oneshot]
            command=/bin/sh -c 'exit 0'
            autostart=false
            autorestart=false
            startsecs=0

            [program:unexpected]
            command=/bin/sh -c 'exit 3'
            autostart=false
            autorestart=false
            startsecs=0

            [program:crasher]
            command=/bin/sh -c 'exit 1'
            autostart=false
            startsecs=10
            startretries=1
            """;

    /** The child output scenario: PROCESS_LOG and PROCESS_COMMUNICATION on both channels. */
    static final String OUTPUT_CONFIG = """
            [eventlistener:recorder]
            command=/usr/bin/python3 DIR/recorder.py DIR/events.jsonl
            events=PROCESS_LOG,PROCESS_COMMUNICATION

            [program:talker]
            command=/bin/sh -c 'read a; echo out-line; read b; echo err-line >&2; exec sleep 600'
            autostart=false
            startsecs=0
            stdout_events_enabled=true
            stderr_events_enabled=true

            [program:capturer]
            command=/bin/sh -c 'read a; printf "before <!--XSUPERVISOR:BEGIN-->captured on stdout<!--XSUPERVISOR:END--> and after the capture, long enough to leave the buffer\\n"; read b; printf "<!--XSUPERVISOR:BEGIN-->captured on stderr<!--XSUPERVISOR:END-->" >&2; exec sleep 600'
            autostart=false
            startsecs=0
            stdout_capture_maxbytes=1MB
            stderr_capture_maxbytes=1MB
            stdout_events_enabled=true
            """;

    /**
     * A Python program reporting progress the way childutils offers it (on Python 3, pcomm needs the
     * binary stream), to a childutils listener subscribed to PROCESS_COMMUNICATION.
     */
    static final String PCOMM_CONFIG = """
            [eventlistener:recorder]
            command=/usr/bin/python3 DIR/recorder.py DIR/events.jsonl
            events=PROCESS_COMMUNICATION

            [program:reporter]
            command=/usr/bin/python3 -c "import sys; from supervisor import childutils; childutils.pcomm.send(b'progress: half done', sys.stdout.buffer); sys.stdin.readline(); childutils.pcomm.send(b'disk almost full', sys.stderr.buffer); sys.stdin.readline()"
            autostart=false
            autorestart=false
            startsecs=0
            stdout_capture_maxbytes=1MB
            stderr_capture_maxbytes=1MB
            """;

    /** What supervisord 4.2.5 sends in {@link #childutilsProgressReportsAsCommunicationEvents}. */
    static final String PCOMM_EXPECTED = """
            ver:3.0 server:compat serial:S1 pool:recorder poolserial:P1 eventname:PROCESS_COMMUNICATION_STDOUT "processname:reporter groupname:reporter pid:PID\\nprogress: half done" -> OK
            ver:3.0 server:compat serial:S2 pool:recorder poolserial:P2 eventname:PROCESS_COMMUNICATION_STDERR "processname:reporter groupname:reporter pid:PID\\ndisk almost full" -> OK
            """;

    /** CONFIG plus a group for addProcessGroup (after reloadConfig). */
    static final String WITH_ADDED = CONFIG + """

            [program:added]
            command=/bin/sleep 600
            autostart=false
            """;

    /** CONFIG for update: oneshot gone, extra new (and autostarted). */
    static final String UPDATED = CONFIG.replace("""
            [program:oneshot]
            command=/bin/sh -c 'exit 0'
            autostart=false
            autorestart=false
            startsecs=0
            """, "") + """

            [program:extra]
            command=/bin/sleep 600
            startsecs=0
            """;

    /** What supervisord 4.2.5 sends in {@link #scenario} (its run, masked). */
    static final String EXPECTED = """
            ver:3.0 server:compat serial:S1 pool:recorder poolserial:P1 eventname:PROCESS_GROUP_ADDED "groupname:recorder\\n" -> OK
            ver:3.0 server:compat serial:S2 pool:recorder poolserial:P2 eventname:PROCESS_GROUP_ADDED "groupname:crasher\\n" -> OK
            ver:3.0 server:compat serial:S3 pool:recorder poolserial:P3 eventname:PROCESS_GROUP_ADDED "groupname:oneshot\\n" -> OK
            ver:3.0 server:compat serial:S4 pool:recorder poolserial:P4 eventname:PROCESS_GROUP_ADDED "groupname:unexpected\\n" -> OK
            ver:3.0 server:compat serial:S5 pool:recorder poolserial:P5 eventname:PROCESS_GROUP_ADDED "groupname:worker\\n" -> OK
            ver:3.0 server:compat serial:S6 pool:recorder poolserial:P6 eventname:SUPERVISOR_STATE_CHANGE_RUNNING "" -> OK
            ver:3.0 server:compat serial:S7 pool:recorder poolserial:P7 eventname:PROCESS_STATE_STARTING "processname:recorder groupname:recorder from_state:STOPPED tries:0" -> OK
            ver:3.0 server:compat serial:S8 pool:recorder poolserial:P8 eventname:PROCESS_STATE_RUNNING "processname:recorder groupname:recorder from_state:STARTING pid:PID" -> OK
            ver:3.0 server:compat serial:S9 pool:recorder poolserial:P9 eventname:PROCESS_STATE_STARTING "processname:worker groupname:worker from_state:STOPPED tries:0" -> OK
            ver:3.0 server:compat serial:S10 pool:recorder poolserial:P10 eventname:PROCESS_STATE_RUNNING "processname:worker groupname:worker from_state:STARTING pid:PID" -> OK
            ver:3.0 server:compat serial:S11 pool:recorder poolserial:P11 eventname:PROCESS_STATE_STOPPING "processname:worker groupname:worker from_state:RUNNING pid:PID" -> OK
            ver:3.0 server:compat serial:S12 pool:recorder poolserial:P12 eventname:PROCESS_STATE_STOPPED "processname:worker groupname:worker from_state:STOPPING pid:PID" -> OK
            ver:3.0 server:compat serial:S13 pool:recorder poolserial:P13 eventname:PROCESS_STATE_STARTING "processname:oneshot groupname:oneshot from_state:STOPPED tries:0" -> OK
            ver:3.0 server:compat serial:S14 pool:recorder poolserial:P14 eventname:PROCESS_STATE_RUNNING "processname:oneshot groupname:oneshot from_state:STARTING pid:PID" -> OK
            ver:3.0 server:compat serial:S15 pool:recorder poolserial:P15 eventname:PROCESS_STATE_EXITED "processname:oneshot groupname:oneshot from_state:RUNNING expected:1 pid:PID" -> OK
            ver:3.0 server:compat serial:S16 pool:recorder poolserial:P16 eventname:PROCESS_STATE_STARTING "processname:unexpected groupname:unexpected from_state:STOPPED tries:0" -> OK
            ver:3.0 server:compat serial:S17 pool:recorder poolserial:P17 eventname:PROCESS_STATE_RUNNING "processname:unexpected groupname:unexpected from_state:STARTING pid:PID" -> OK
            ver:3.0 server:compat serial:S18 pool:recorder poolserial:P18 eventname:PROCESS_STATE_EXITED "processname:unexpected groupname:unexpected from_state:RUNNING expected:0 pid:PID" -> OK
            ver:3.0 server:compat serial:S19 pool:recorder poolserial:P19 eventname:PROCESS_STATE_STARTING "processname:crasher groupname:crasher from_state:STOPPED tries:0" -> OK
            ver:3.0 server:compat serial:S20 pool:recorder poolserial:P20 eventname:PROCESS_STATE_BACKOFF "processname:crasher groupname:crasher from_state:STARTING tries:1" -> OK
            ver:3.0 server:compat serial:S21 pool:recorder poolserial:P21 eventname:PROCESS_STATE_STARTING "processname:crasher groupname:crasher from_state:BACKOFF tries:1" -> OK
            ver:3.0 server:compat serial:S22 pool:recorder poolserial:P22 eventname:PROCESS_STATE_BACKOFF "processname:crasher groupname:crasher from_state:STARTING tries:2" -> OK
            ver:3.0 server:compat serial:S23 pool:recorder poolserial:P23 eventname:PROCESS_STATE_FATAL "processname:crasher groupname:crasher from_state:BACKOFF" -> OK
            ver:3.0 server:compat serial:S24 pool:recorder poolserial:P24 eventname:REMOTE_COMMUNICATION "type:deploy\\nversion 42\\nand a second line, café ✓" -> OK
            ver:3.0 server:compat serial:S25 pool:recorder poolserial:P25 eventname:REMOTE_COMMUNICATION "type:fail-me\\nanswered FAIL once, then re-sent" -> FAIL
            ver:3.0 server:compat serial:S25 pool:recorder poolserial:P25 eventname:REMOTE_COMMUNICATION "type:fail-me\\nanswered FAIL once, then re-sent" -> OK
            ver:3.0 server:compat serial:S26 pool:recorder poolserial:P26 eventname:REMOTE_COMMUNICATION "type:die-me\\nin flight when the listener died, then re-sent" -> DIE
            ver:3.0 server:compat serial:S26 pool:recorder poolserial:P26 eventname:REMOTE_COMMUNICATION "type:die-me\\nin flight when the listener died, then re-sent" -> OK
            ver:3.0 server:compat serial:S27 pool:recorder poolserial:P27 eventname:PROCESS_STATE_EXITED "processname:recorder groupname:recorder from_state:RUNNING expected:0 pid:PID" -> OK
            ver:3.0 server:compat serial:S28 pool:recorder poolserial:P28 eventname:PROCESS_STATE_STARTING "processname:recorder groupname:recorder from_state:EXITED tries:0" -> OK
            ver:3.0 server:compat serial:S29 pool:recorder poolserial:P29 eventname:PROCESS_STATE_RUNNING "processname:recorder groupname:recorder from_state:STARTING pid:PID" -> OK
            ver:3.0 server:compat serial:S30 pool:recorder poolserial:P30 eventname:PROCESS_GROUP_ADDED "groupname:added\\n" -> OK
            ver:3.0 server:compat serial:S31 pool:recorder poolserial:P31 eventname:PROCESS_GROUP_REMOVED "groupname:added\\n" -> OK
            ver:3.0 server:compat serial:S32 pool:recorder poolserial:P32 eventname:PROCESS_GROUP_REMOVED "groupname:oneshot\\n" -> OK
            ver:3.0 server:compat serial:S33 pool:recorder poolserial:P33 eventname:PROCESS_GROUP_ADDED "groupname:extra\\n" -> OK
            ver:3.0 server:compat serial:S34 pool:recorder poolserial:P34 eventname:PROCESS_STATE_STARTING "processname:extra groupname:extra from_state:STOPPED tries:0" -> OK
            ver:3.0 server:compat serial:S35 pool:recorder poolserial:P35 eventname:PROCESS_STATE_RUNNING "processname:extra groupname:extra from_state:STARTING pid:PID" -> OK
            ver:3.0 server:compat serial:S36 pool:recorder poolserial:P36 eventname:PROCESS_STATE_STARTING "processname:ticker groupname:ticker from_state:STOPPED tries:0" -> OK
            ver:3.0 server:compat serial:S37 pool:recorder poolserial:P37 eventname:PROCESS_STATE_RUNNING "processname:ticker groupname:ticker from_state:STARTING pid:PID" -> OK
            ver:3.0 server:compat serial:S38 pool:recorder poolserial:P38 eventname:PROCESS_STATE_STOPPING "processname:extra groupname:extra from_state:RUNNING pid:PID" -> OK
            ver:3.0 server:compat serial:S39 pool:recorder poolserial:P39 eventname:PROCESS_STATE_STOPPED "processname:extra groupname:extra from_state:STOPPING pid:PID" -> OK
            ver:3.0 server:compat serial:S40 pool:recorder poolserial:P40 eventname:PROCESS_STATE_STOPPING "processname:ticker groupname:ticker from_state:RUNNING pid:PID" -> OK
            ver:3.0 server:compat serial:S41 pool:recorder poolserial:P41 eventname:PROCESS_STATE_STOPPED "processname:ticker groupname:ticker from_state:STOPPING pid:PID" -> OK
            ver:3.0 server:compat serial:S42 pool:recorder poolserial:P42 eventname:SUPERVISOR_STATE_CHANGE_STOPPING "" -> OK
            """;

    /** What supervisord 4.2.5 sends in {@link #childOutputAsLogAndCommunicationEvents}. */
    static final String OUTPUT_EXPECTED = """
            ver:3.0 server:compat serial:S1 pool:recorder poolserial:P1 eventname:PROCESS_LOG_STDOUT "processname:talker groupname:talker pid:PID channel:stdout\\nout-line\\n" -> OK
            ver:3.0 server:compat serial:S2 pool:recorder poolserial:P2 eventname:PROCESS_LOG_STDERR "processname:talker groupname:talker pid:PID channel:stderr\\nerr-line\\n" -> OK
            ver:3.0 server:compat serial:S3 pool:recorder poolserial:P3 eventname:PROCESS_LOG_STDOUT "processname:capturer groupname:capturer pid:PID channel:stdout\\nbefore " -> OK
            ver:3.0 server:compat serial:S4 pool:recorder poolserial:P4 eventname:PROCESS_LOG_STDOUT "processname:capturer groupname:capturer pid:PID channel:stdout\\ncaptured on stdout" -> OK
            ver:3.0 server:compat serial:S5 pool:recorder poolserial:P5 eventname:PROCESS_COMMUNICATION_STDOUT "processname:capturer groupname:capturer pid:PID\\ncaptured on stdout" -> OK
            ver:3.0 server:compat serial:S6 pool:recorder poolserial:P6 eventname:PROCESS_LOG_STDOUT "processname:capturer groupname:capturer pid:PID channel:stdout\\n and after the capture, long enough to leave the buffer\\n" -> OK
            ver:3.0 server:compat serial:S7 pool:recorder poolserial:P7 eventname:PROCESS_COMMUNICATION_STDERR "processname:capturer groupname:capturer pid:PID\\ncaptured on stderr" -> OK
            """;

    @BeforeAll
    static void requireSupervisor() {
        Supervisor.assumeSupervisorInstalled();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void processStatesGroupsRemoteEventsTicksAndSupervisorStates(Kind kind, @TempDir Path tmp) throws Exception {
        assertEquals(EXPECTED, scenario(kind, tmp));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void childOutputAsLogAndCommunicationEvents(Kind kind, @TempDir Path dir) throws Exception {
        Scripts.copy(dir, "recorder.py", "rpc.py");
        try (Supervisor s = Supervisor.start(kind, dir, Scripts.in(dir, OUTPUT_CONFIG))) {
            Recording rec = new Recording(dir.resolve("events.jsonl"), () -> DaemonChecks.log(s));
            ctl(s, "start", "talker");
            DaemonChecks.rpc(s, "supervisor.sendProcessStdin", "talker", "1\n");
            rec.await("PROCESS_LOG_STDOUT", "talker");
            DaemonChecks.rpc(s, "supervisor.sendProcessStdin", "talker", "2\n");
            rec.await("PROCESS_LOG_STDERR", "talker");

            ctl(s, "start", "capturer");
            DaemonChecks.rpc(s, "supervisor.sendProcessStdin", "capturer", "1\n");
            rec.await("the log line after the capture", r -> r.is("PROCESS_LOG_STDOUT", "capturer") && r.data().contains("after"));
            DaemonChecks.rpc(s, "supervisor.sendProcessStdin", "capturer", "2\n");
            rec.await("PROCESS_COMMUNICATION_STDERR", "capturer");
            assertEquals(OUTPUT_EXPECTED, Recording.transcript(rec.all()));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void childutilsProgressReportsAsCommunicationEvents(Kind kind, @TempDir Path dir) throws Exception {
        Scripts.copy(dir, "recorder.py", "rpc.py");
        try (Supervisor s = Supervisor.start(kind, dir, Scripts.in(dir, PCOMM_CONFIG))) {
            Recording rec = new Recording(dir.resolve("events.jsonl"), () -> DaemonChecks.log(s));
            ctl(s, "start", "reporter");
            rec.await("PROCESS_COMMUNICATION_STDOUT", "reporter");
            DaemonChecks.rpc(s, "supervisor.sendProcessStdin", "reporter", "next\n");
            rec.await("PROCESS_COMMUNICATION_STDERR", "reporter");
            assertEquals(PCOMM_EXPECTED, Recording.transcript(rec.all()));
        }
    }

    private static String scenario(Kind kind, Path dir) throws Exception {
        Scripts.copy(dir, "recorder.py", "rpc.py");
        try (Supervisor s = Supervisor.start(kind, dir, Scripts.in(dir, CONFIG))) {
            Recording rec = new Recording(dir.resolve("events.jsonl"), () -> DaemonChecks.log(s));
            Recording ticks = new Recording(dir.resolve("ticks.jsonl"), () -> DaemonChecks.log(s));
            rec.await("PROCESS_STATE_RUNNING", "recorder");

            ctl(s, "start", "worker");
            rec.await("PROCESS_STATE_RUNNING", "worker");
            ctl(s, "stop", "worker");
            rec.await("PROCESS_STATE_STOPPED", "worker");

            ctl(s, "start", "oneshot");
            rec.await("PROCESS_STATE_EXITED", "oneshot");
            ctl(s, "start", "unexpected");
            rec.await("PROCESS_STATE_EXITED", "unexpected");
            ctl(s, "start", "crasher");
            rec.await("PROCESS_STATE_FATAL", "crasher");

            DaemonChecks.rpc(s, "supervisor.sendRemoteCommEvent", "deploy", "version 42\nand a second line, caf\u00e9 \u2713");
            rec.await("REMOTE_COMMUNICATION deploy", r -> r.eventname().equals("REMOTE_COMMUNICATION"));
            DaemonChecks.rpc(s, "supervisor.sendRemoteCommEvent", "fail-me", "answered FAIL once, then re-sent");
            rec.await("the FAILed event re-sent", 3, r -> r.eventname().equals("REMOTE_COMMUNICATION"));
            DaemonChecks.rpc(s, "supervisor.sendRemoteCommEvent", "die-me", "in flight when the listener died, then re-sent");
            rec.await("the recorder to run again after it died", 2, r -> r.is("PROCESS_STATE_RUNNING", "recorder"));

            s.rewrite(Scripts.in(s.dir, WITH_ADDED));
            DaemonChecks.rpc(s, "supervisor.reloadConfig");
            DaemonChecks.rpc(s, "supervisor.addProcessGroup", "added");
            rec.await("PROCESS_GROUP_ADDED added", r -> r.payload().equals("groupname:added\n"));
            DaemonChecks.rpc(s, "supervisor.removeProcessGroup", "added");
            rec.await("PROCESS_GROUP_REMOVED added", r -> r.payload().equals("groupname:added\n") && r.eventname().endsWith("REMOVED"));
            s.rewrite(Scripts.in(s.dir, UPDATED));
            ctl(s, "update");
            rec.await("PROCESS_STATE_RUNNING", "extra");

            ctl(s, "start", "ticker");
            Recording.Received tick = ticks.await("a TICK_5", r -> true);
            long when = Long.parseLong(tick.fields().get("when"));
            assertEquals(0, when % 5, "TICK_5 comes on a multiple of 5 s: " + tick);
            assertTrue(Math.abs(System.currentTimeMillis() / 1000 - when) < 120, "TICK_5's when is now: " + tick);
            assertEquals("ver:3.0 server:compat serial:S1 pool:ticker poolserial:P1 eventname:TICK_5 \"when:WHEN\" -> OK\n",
                    Recording.transcript(List.of(tick)));

            ctl(s, "stop", "extra", "ticker");
            rec.await("PROCESS_STATE_STOPPED", "ticker");
            // The recorder is stopped after the groups of higher priority, and it writes an event down
            // before it answers: once the daemon is gone, SUPERVISOR_STATE_CHANGE_STOPPING is on file.
            ctl(s, "shutdown");
            assertTrue(s.awaitExit(), kind + " did not exit after shutdown");
            return Recording.transcript(rec.all());
        }
    }

    private static void ctl(Supervisor s, String... args) throws Exception {
        s.ctl(args); // its output is SupervisorctlCompatTest's business; the events are this test's
    }
}
