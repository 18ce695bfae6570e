package org.supervisordj.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.supervisordj.config.Configuration;

/**
 * Reloads that arrive while groups of an earlier reload are still stopping: whatever the sequence,
 * once the stops are over the table is exactly the last configuration read.
 */
class EngineReloadRaceTest extends EngineTestBase {

    /**
     * A program that takes {@code stopSecs} to stop: it traps TERM, then writes {@code <tag>.ready}
     * (so the test knows the trap is in place), and exits 0 that long after TERM. It waits in a loop of
     * short sleeps, not in one long background sleep: a group TERM that lands on a child between its
     * fork and its exec is lost (the shell's handler is still installed there), and only a short sleep
     * outlives that by no more than its second.
     */
    private String program(String name, String tag, String stopSecs) {
        Path ready = dir.resolve(tag + ".ready");
        return "[program:" + name + "]\ncommand=sh -c 'trap \"sleep " + stopSecs + "; exit 0\" TERM; touch " + ready
                + "; while :; do sleep 1; done' " + tag + "\nstartsecs=0\nstopasgroup=true\nstopwaitsecs=10\n"
                + "stdout_logfile=NONE\nredirect_stderr=true\n";
    }

    @Test
    void fiftyRapidReloadsFlippingBetweenTwoConfigsEndOnTheLastOne() throws Exception {
        // A and B share "keep" (unchanged), differ in "flip" (changed), and each has a group the other lacks.
        String a = program("keep", "keep", "0.5") + program("flip", "flip-a", "0.5") + program("onlya", "onlya", "0.5");
        String b = program("keep", "keep", "0.5") + program("flip", "flip-b", "0.5") + program("onlyb", "onlyb", "0.5");
        Configuration configA = TestConfigs.load(dir, a);
        Configuration configB = TestConfigs.load(dir, b);
        engine = boot(configA);
        for (String tag : List.of("keep", "flip-a", "onlya")) awaitReady(tag);
        int keepPid = info("keep").pid();

        Random random = new Random(9); // fixed: the same interleaving of reloads and stops every run
        List<CompletableFuture<ReloadResult>> reloads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            reloads.add(engine.reload(i % 2 == 0 ? configB : configA)); // 49th (i=48) is B, the last (i=49) A
            Thread.sleep(random.nextInt(60)); // some land mid-stop, some on the spawn of the previous one
        }
        for (CompletableFuture<ReloadResult> r : reloads) r.get(30, TimeUnit.SECONDS);
        // The storm ends on A; then one more to B while A's groups may still be coming back.
        engine.reload(configB).get(30, TimeUnit.SECONDS);

        awaitTableIs(Map.of("keep", "keep", "flip", "flip-b", "onlyb", "onlyb"));
        assertEquals(keepPid, info("keep").pid(), "the unchanged program was never touched");
        List<ProcessResult> restarted = engine.restart("flip", true).get(30, TimeUnit.SECONDS);
        assertEquals(Fault.SUCCESS, restarted.get(0).fault(), restarted.toString());
        awaitTableIs(Map.of("keep", "keep", "flip", "flip-b", "onlyb", "onlyb"));
    }

    @Test
    void twoUpdatesWhileAProgramIsStillStoppingEndWithTheSecond() throws Exception {
        // v1's stop takes 5 s: the test's own 0.7 s pause below must end well inside it on a loaded machine.
        Configuration v1 = TestConfigs.load(dir, program("app", "v1", "5"));
        Configuration v2 = TestConfigs.load(dir, program("app", "v2", "2"));
        Configuration v3 = TestConfigs.load(dir, program("app", "v3", "2"));
        engine = boot(v1);
        awaitReady("v1");
        engine.reload(v2).get(10, TimeUnit.SECONDS);
        await("app", p -> p.state() == ProcessState.STOPPING, LONG, "v1 stopping");
        Thread.sleep(700); // the operator's second update, while v1 still runs its 5 s stop
        assertEquals(ProcessState.STOPPING, info("app").state(), "v1 should still be stopping");
        engine.reload(v3).get(10, TimeUnit.SECONDS);
        awaitTableIs(Map.of("app", "v3"));
    }

    @Test
    void aGroupRemovedAndAddedBackWhileStoppingComesBackOnceWithItsLatestSettings() throws Exception {
        Configuration with = TestConfigs.load(dir, program("app", "v1", "1") + program("other", "other", "0.1"));
        Configuration without = TestConfigs.load(dir, program("other", "other", "0.1"));
        Configuration changed = TestConfigs.load(dir, program("app", "v2", "1") + program("other", "other", "0.1"));
        engine = boot(with);
        awaitReady("v1");
        Files.delete(dir.resolve("v1.ready")); // so that the second instance's marker can be waited for
        engine.reload(without).get(10, TimeUnit.SECONDS);
        engine.reload(with).get(10, TimeUnit.SECONDS); // back before the first instance has stopped
        awaitTableIs(Map.of("app", "v1", "other", "other"));
        awaitReady("v1"); // the second instance's trap is set: the TERM below must find it
        engine.reload(without).get(10, TimeUnit.SECONDS);
        await("app", p -> p.state() == ProcessState.STOPPING, LONG, "app stopping");
        engine.reload(changed).get(10, TimeUnit.SECONDS);
        engine.reload(without).get(10, TimeUnit.SECONDS); // the latest says: gone
        awaitTableIs(Map.of("other", "other"));
    }

    private void awaitReady(String tag) throws Exception {
        Path ready = dir.resolve(tag + ".ready");
        awaitTrue(LONG, tag + " ready", () -> Files.exists(ready));
    }

    /**
     * Waits until the engine shows exactly {@code expected} (program name to the tag in its command)
     * all RUNNING, every pid running that command, and no other child of ours alive.
     */
    private void awaitTableIs(Map<String, String> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String seen = "";
        while (System.nanoTime() < deadline) {
            Map<String, String> table = new TreeMap<>();
            TreeSet<Integer> pids = new TreeSet<>();
            for (ProcessInfo p : engine.snapshot()) {
                table.put(p.name(), p.state() == ProcessState.RUNNING ? tag(p.pid()) : p.state().toString());
                pids.add(p.pid());
            }
            TreeSet<Integer> children = new TreeSet<>();
            try {
                for (String c : ProcFs.children(ProcFs.self())) {
                    if (!c.endsWith(":Z")) children.add(Integer.parseInt(c.substring(0, c.indexOf(':'))));
                }
            } catch (java.io.UncheckedIOException exitedWhileWeLooked) {
                continue;
            }
            seen = "table " + table + ", engine pids " + pids + ", live children " + children;
            if (table.equals(new TreeMap<>(expected)) && children.equals(pids)) return;
            Thread.sleep(20);
        }
        throw new AssertionError("expected " + new TreeMap<>(expected) + " but saw " + seen + "\nlog:\n"
                + String.join("\n", List.copyOf(log)));
    }

    /** Returns the tag a program's sh gets as $0 (the last word of its command line), or "?" if gone. */
    private static String tag(int pid) {
        try {
            String[] argv = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).split("\0");
            return argv[argv.length - 1];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    @org.junit.jupiter.api.AfterEach
    void noChildLeft() throws Exception {
        if (engine != null) engine.shutdown().get(30, TimeUnit.SECONDS);
        awaitTrue(LONG, "no child left", () -> ProcFs.children(ProcFs.self()).stream().allMatch(c -> c.endsWith(":Z")));
    }
}
