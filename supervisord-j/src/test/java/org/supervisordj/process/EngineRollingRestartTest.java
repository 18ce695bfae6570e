package org.supervisordj.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.supervisordj.config.Configuration;

/** Rolling restarts with real children: one process at a time, and the first failure stops the roll. */
class EngineRollingRestartTest extends EngineTestBase {

    // Serves while dir/ok exists at its start: a "deploy" that breaks the app makes the replacement fail.
    private String group(Path ok) {
        return "[program:web]\ncommand=sh -c 'test -f " + ok + " || exit 3; exec sleep 3600'\nnumprocs=3\n"
                + "process_name=web_%(process_num)d\nstartsecs=1\nstartretries=0\nstopsignal=KILL\n";
    }

    @Test
    void eachProcessIsRunningAgainBeforeTheNextIsStopped() throws Exception {
        Path ok = dir.resolve("ok");
        Files.writeString(ok, "");
        boot(group(ok));
        List<Integer> before = List.of(running("web:web_0"), running("web:web_1"), running("web:web_2"));
        List<ProcessResult> results = result(engine.restartRolling("web:*"));
        assertEquals(3, results.size(), results.toString());
        assertTrue(results.stream().allMatch(ProcessResult::ok), results.toString());
        for (int i = 0; i < 3; i++) assertNotEquals(before.get(i), info("web:web_" + i).pid());
        // The order in the log: web_1 is stopped only after web_0 entered RUNNING again, and so on.
        List<String> order = lines("web_").stream().filter(l -> l.contains("stopped: ") || l.contains("entered RUNNING"))
                .map(l -> (l.contains("stopped: ") ? "stopped " : "RUNNING ") + l.replaceAll(".*?(web_\\d).*", "$1")).toList();
        assertEquals(List.of("RUNNING web_0", "RUNNING web_1", "RUNNING web_2", "stopped web_0", "RUNNING web_0",
                "stopped web_1", "RUNNING web_1", "stopped web_2", "RUNNING web_2"), order, String.join("\n", log));
    }

    @Test
    void aReplacementThatFailsStopsTheRollAndTheOthersKeepServing() throws Exception {
        Path ok = dir.resolve("ok");
        Files.writeString(ok, "");
        boot(group(ok));
        int second = running("web:web_1");
        int third = running("web:web_2");
        Files.delete(ok); // the new code is broken
        List<ProcessResult> results = result(engine.restartRolling("web:*"));
        assertEquals(Fault.ABNORMAL_TERMINATION, results.get(0).fault(), results.toString());
        for (ProcessResult r : results.subList(1, 3)) {
            assertEquals(Fault.FAILED, r.fault());
            assertEquals("not restarted: the rolling restart stopped at web:web_0 (abnormal termination)", r.description());
        }
        assertEquals(List.of("web_0", "web_1", "web_2"), results.stream().map(ProcessResult::name).toList());
        assertEquals(second, info("web:web_1").pid(), "web_1 untouched");
        assertEquals(third, info("web:web_2").pid(), "web_2 untouched");
        assertEquals(ProcessState.RUNNING, info("web:web_2").state());
    }

    @Test
    void aReloadThatReplacesTheGroupMidRollStopsTheRollAndLeavesNoStrayProcess() throws Exception {
        // The reload must land while web_0's replacement is still STARTING: startsecs leaves it 5 s, and the
        // new configuration is read before the roll so that none of them goes to parsing.
        String group = "[program:web]\ncommand=sleep %d\nnumprocs=2\nprocess_name=web_%%(process_num)d\nstartsecs=5\n"
                + "stopsignal=KILL\n";
        boot(TestConfigs.load(dir, group.formatted(3600)));
        Configuration replaced = TestConfigs.load(dir, group.formatted(3601));
        running("web:web_0");
        running("web:web_1");
        var roll = engine.restartRolling("web:*");
        awaitTrue(LONG, "web_0 restarting", () -> count("spawned: 'web_0'") == 2);
        ReloadResult diff = result(engine.reload(replaced));
        assertEquals(List.of("web"), diff.changed());
        List<ProcessResult> results = result(roll);
        assertTrue(!results.get(0).ok(), results.toString());
        running("web:web_0");
        running("web:web_1");
        // Two processes, each the new configuration's: nothing the roll started outlived the reload.
        awaitTrue(LONG, "only the reloaded group's two children: " + sleeps(), () -> sleeps().equals(List.of("sleep 3601", "sleep 3601")));
    }

    private static List<String> sleeps() {
        List<String> out = new java.util.ArrayList<>();
        for (String child : ProcFs.children(ProcFs.self())) {
            try {
                String cmd = Files.readString(Path.of("/proc/" + child.split(":")[0] + "/cmdline")).replace('\0', ' ').strip();
                if (cmd.startsWith("sleep 360")) out.add(cmd); // ours only: the JVM is a subreaper and adopts other tests' leftovers
            } catch (java.io.IOException gone) {
                // exited meanwhile
            }
        }
        return out;
    }

    @Test
    void anUnknownNameIsBadName() throws Exception {
        boot("[program:x]\ncommand=sleep 3600\n");
        assertEquals(Fault.BAD_NAME, result(engine.restartRolling("nope:*")).get(0).fault());
    }

    private int running(String namespec) throws Exception {
        return awaitState(namespec, ProcessState.RUNNING, LONG).pid();
    }
}
