package org.supervisordj.api.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.supervisordj.process.ProcessInfo;
import org.supervisordj.process.ProcessState;

/** rpcinterface.py's getProcessInfo and _interpretProcessInfo, with plain numbers. */
class StructsTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static ProcessInfo info(String name, String group, ProcessState state, int pid, long start, long stop,
                                    int exitstatus, String spawnerr) {
        return new ProcessInfo(name, group, state, pid, start, stop, exitstatus, spawnerr, 0, 1L, "/log/out", "");
    }

    @Test
    void runningIsPidAndPythonsTimedelta() {
        ProcessInfo p = info("web", "web", ProcessState.RUNNING, 4242, 1_000, 0, 0, "");
        assertEquals("pid 4242, uptime 0:10:02", Structs.description(p, 1_602, UTC));
        assertEquals("pid 4242, uptime 1 day, 0:00:01", Structs.description(p, 1_000 + 86_401, UTC));
        assertEquals("pid 4242, uptime 3 days, 2:03:04", Structs.description(p, 1_000 + 3 * 86_400 + 7384, UTC));
        assertEquals("pid 4242, uptime 0:00:00", Structs.description(p, 10, UTC)); // clock set back
    }

    @Test
    void fatalNamesTheProcessNotTheNamespecAndNoRestartIsMentioned() {
        assertEquals("unknown error (try \"tail w_0\")",
                Structs.description(info("w_0", "grp", ProcessState.FATAL, 0, 5, 6, 0, ""), 10, UTC));
        assertEquals("Exited too quickly (process log may have details)", Structs.description(info("w", "w",
                ProcessState.BACKOFF, 0, 5, 6, 0, "Exited too quickly (process log may have details)"), 10, UTC));
        assertEquals("Dec 03 06:30 AM", Structs.description(info("w", "w", ProcessState.EXITED, 0, 5,
                1_796_279_400L, 1, ""), 1_796_279_500L, UTC));
        assertEquals("Not started", Structs.description(info("w", "w", ProcessState.STOPPED, 0, 0, 0, 0, ""), 10, UTC));
        assertEquals("", Structs.description(info("w", "w", ProcessState.STARTING, 9, 5, 0, 0, ""), 10, UTC));
    }

    @Test
    void processInfoHasSupervisordsFieldsInItsOrder() {
        Map<String, Object> m = Structs.processInfo(info("web", "grp", ProcessState.RUNNING, 7, 100, 50, -1, ""), 160, UTC);
        assertEquals(List.of("name", "group", "start", "stop", "now", "state", "statename", "spawnerr", "exitstatus",
                "logfile", "stdout_logfile", "stderr_logfile", "pid", "description"), List.copyOf(m.keySet()));
        assertEquals(20, m.get("state"));
        assertEquals("RUNNING", m.get("statename"));
        assertEquals(0, m.get("exitstatus")); // forgotten at spawn, as supervisord does
        assertEquals("/log/out", m.get("logfile"));
        assertEquals(Integer.MAX_VALUE, Structs.cappedInt(1L << 40));
    }
}
