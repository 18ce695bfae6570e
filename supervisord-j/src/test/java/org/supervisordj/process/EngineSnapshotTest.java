package org.supervisordj.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.supervisordj.config.Configuration;

/** What the published snapshot shows before the engine has run (the control API listens before it boots). */
class EngineSnapshotTest extends EngineTestBase {

    @Test
    void beforeItBootsTheSnapshotListsEveryConfiguredProcessStoppedInStartOrder() throws Exception {
        Configuration config = TestConfigs.load(dir, "[program:web]\ncommand=sleep 1000\nstartsecs=0\npriority=20\n"
                + "[program:db]\ncommand=sleep 1000\nstartsecs=0\npriority=10\n"
                + "[program:worker]\ncommand=sleep 1000\nstartsecs=0\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)s\n");
        Engine e = create(config, pump, (level, message) -> { });
        List<ProcessInfo> before = e.snapshot();
        e.boot();
        assertEquals(List.of("db", "web", "worker:worker_0", "worker:worker_1"),
                before.stream().map(ProcessInfo::namespec).toList());
        for (ProcessInfo p : before) {
            assertEquals(ProcessState.STOPPED, p.state(), p.namespec());
            assertEquals(0, p.pid(), p.namespec());
        }
        for (String n : List.of("db", "web", "worker:worker_0", "worker:worker_1")) awaitState(n, ProcessState.RUNNING, LONG);
    }
}
