package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supervisordj.logging.SmallFilesystem;
import org.supervisordj.posix.ProcessSignals;

/**
 * Runs the real daemon as a separate JVM (the launcher script when the jars are built and fresh,
 * else Main on this test's classpath), drives it with signals and checks its log, pidfile and children.
 */
class DaemonEndToEndTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Pattern SPAWNED = Pattern.compile("spawned: '(\\w+)' with pid (\\d+)");

    @TempDir
    Path dir;
    private final List<Process> daemons = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (Process p : daemons) p.destroyForcibly();
    }

    @Test
    void daemonSupervisesReloadsRefusesASecondInstanceAndShutsDownCleanly() throws Exception {
        Path conf = dir.resolve("supervisord.conf");
        Path log = dir.resolve("supervisord.log");
        Path pidfile = dir.resolve("supervisord.pid");
        String base = "[supervisord]\nlogfile=" + log + "\npidfile=" + pidfile + "\nchildlogdir=" + dir + "\n"
                + "[program:web]\ncommand=sleep 1000\npriority=10\nstartsecs=0\n"
                + "[program:worker]\ncommand=sh -c 'sleep 1000 & exec sleep 1000'\npriority=20\nstartsecs=1\n"
                + "stopasgroup=true\n"
                + "[program:forker]\ncommand=sh -c '(setsid sleep 1000 & echo $! > " + "ORPHAN" + ");exec sleep 1000'\n"
                + "startsecs=0\n";
        Path orphanFile = dir.resolve("orphan.pid");
        base = base.replace("ORPHAN", orphanFile.toString());
        Files.writeString(conf, base);
        long t0 = System.nanoTime();
        Process daemon = launch(conf, dir.resolve("daemon1.err"));
        awaitLog(log, "success: worker entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)");
        System.out.printf("daemon up, worker RUNNING after %.2f s%n", (System.nanoTime() - t0) / 1e9);
        assertEquals(String.valueOf(daemon.pid()), Files.readString(pidfile).strip());

        // A second daemon on the same pidfile refuses, naming the reason.
        Process second = launch(conf, dir.resolve("daemon2.err"));
        assertTrue(second.waitFor(30, TimeUnit.SECONDS), "second daemon did not exit");
        assertEquals(1, second.exitValue());
        String refusal = Files.readString(dir.resolve("daemon2.err"));
        assertTrue(refusal.contains("holds pid " + daemon.pid() + ", which is still running"), refusal);
        assertEquals(String.valueOf(daemon.pid()), Files.readString(pidfile).strip());

        // SIGHUP with a broken file: rejected, nothing disturbed.
        int webPid = pids(log).get("web");
        Files.writeString(conf, base + "[program:broken]\ncommand=sleep 1\nstartsecs=soon\n");
        ProcessSignals.kill((int) daemon.pid(), 1);
        awaitLog(log, "reload rejected");
        assertEquals(1, Files.readAllLines(log).stream().filter(l -> l.contains("startsecs: not an integer")).count(),
                "each problem once:\n" + Files.readString(log));
        assertTrue(Files.exists(Path.of("/proc/" + webPid)), "web was disturbed by a rejected reload");

        // SIGHUP with a good file: the added program starts, web keeps its pid.
        Files.writeString(conf, base + "[program:extra]\ncommand=sleep 1000\nstartsecs=0\n");
        ProcessSignals.kill((int) daemon.pid(), 1);
        awaitLog(log, "spawned: 'extra' with pid");
        assertEquals(webPid, pids(log).get("web"));
        assertEquals(1, Files.readAllLines(log).stream().filter(l -> l.contains("reloaded")).count(),
                "one log line per reload:\n" + Files.readString(log));

        List<Integer> children = new ArrayList<>(pids(log).values());
        ProcessSignals.kill((int) daemon.pid(), 15);
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not exit after SIGTERM");
        assertEquals(0, daemon.exitValue());
        String text = Files.readString(log);
        for (String expected : List.of("WARN received SIGTERM indicating exit request",
                "WARN stopped: web (terminated by SIGTERM)", "stopped: worker (terminated by SIGTERM)", "waiting for web to stop",
                "INFO spawned: 'web' with pid ", "INFO success: web entered RUNNING state")) {
            assertTrue(text.contains(expected), "log lacks '" + expected + "':\n" + text);
        }
        assertTrue(text.indexOf("stopped: extra") < text.indexOf("stopped: worker")
                && text.indexOf("stopped: worker") < text.indexOf("stopped: web"), "reverse priority:\n" + text);
        assertTrue(Pattern.compile("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO spawned: 'web' with pid \\d+$")
                .matcher(text).find(), "supervisord's line format:\n" + text);
        assertFalse(Files.exists(pidfile), "pidfile not removed");
        int orphan = Integer.parseInt(Files.readString(orphanFile).strip());
        assertFalse(Files.exists(Path.of("/proc/" + orphan)), "adopted orphan " + orphan + " survived");
        for (int pid : children) assertFalse(Files.exists(Path.of("/proc/" + pid)), "child " + pid + " survived");
    }

    @Test
    void programOutputResumesAfterItsLogFilesystemWasFullAndTheLossIsLoggedOnce() throws Exception {
        Path small = dir.resolve("small");
        try (SmallFilesystem fs = SmallFilesystem.mount(small, "size=64k")) {
            Path conf = dir.resolve("supervisord.conf");
            Path log = dir.resolve("supervisord.log");
            Path out = small.resolve("ticker.log");
            Files.writeString(conf, "[supervisord]\nlogfile=" + log + "\npidfile=" + dir.resolve("supervisord.pid")
                    + "\nchildlogdir=" + dir + "\n[program:ticker]\ncommand=sh -c 'i=0; while :; do i=$((i+1)); "
                    + "echo \"line $i\"; sleep 0.05; done'\nstartsecs=0\nstdout_logfile=" + out + "\nstdout_logfile_maxbytes=0\n");
            Process daemon = launch(conf, dir.resolve("daemon.err"));
            awaitLog(out, "line 3\n");
            fs.fill("filler");
            awaitLog(log, "dropping this output until it can be written again");
            Files.delete(small.resolve("filler"));
            awaitLog(log, "bytes of output were dropped while it could not be written");
            int last = lastLine(out);
            awaitLog(out, "line " + (last + 5) + "\n"); // the program is logged again
            List<String> counts = Files.readAllLines(log).stream().filter(l -> l.contains("bytes of output were dropped")).toList();
            assertEquals(1, counts.size(), Files.readString(log));
            assertTrue(counts.get(0).matches(".* WARN writing " + Pattern.quote(out.toString()) + " again; [1-9]\\d* bytes .*"), counts.get(0));
            ProcessSignals.kill((int) daemon.pid(), 15);
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not exit after SIGTERM");
        }
    }

    @Test
    void aDaemonStartedAfterKillNineStopsTheProgramsItsPredecessorLeftSoNoneRunsTwice() throws Exception {
        String marker = "sdj-leftover-" + System.nanoTime();
        Path conf = dir.resolve("supervisord.conf");
        Path log = dir.resolve("supervisord.log");
        Path pidfile = dir.resolve("supervisord.pid");
        Files.writeString(conf, "[supervisord]\nlogfile=" + log + "\npidfile=" + pidfile + "\nchildlogdir=" + dir + "\n"
                + "[program:web]\ncommand=sh -c 'sleep 1000; :' " + marker + "-web\nstartsecs=1\n"
                // Ignores SIGTERM (its sleep inherits that): only SIGKILL after stopwaitsecs ends it.
                + "[program:stubborn]\ncommand=sh -c 'trap \"\" TERM; sleep 1000; :' " + marker + "-stubborn\n"
                + "startsecs=1\nstopwaitsecs=1\n");
        try {
            Process first = launch(conf, dir.resolve("daemon1.err"));
            awaitLines(log, "success: web entered RUNNING state", 1);
            awaitLines(log, "success: stubborn entered RUNNING state", 1);
            Map<String, Integer> old = pids(log);
            Path record = dir.resolve("supervisord.pid.children");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!(Files.exists(record) && Files.readString(record).contains(" web\n")
                    && Files.readString(record).contains(" stubborn\n"))) {
                if (System.nanoTime() > deadline) fail("record never named both programs");
                Thread.sleep(20);
            }
            ProcessSignals.kill((int) first.pid(), 9);
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            assertEquals(List.of(old.get("web")), withMarker(marker + "-web"), "kill -9 leaves the children running");

            Process second = launch(conf, dir.resolve("daemon2.err"));
            awaitLines(log, "success: web entered RUNNING state", 2);
            awaitLines(log, "success: stubborn entered RUNNING state", 2);
            Map<String, Integer> now = pids(log);
            for (String name : List.of("web", "stubborn")) {
                assertEquals(List.of(now.get(name)), withMarker(marker + "-" + name), name + " runs exactly once");
                assertFalse(now.get(name).equals(old.get(name)));
                assertFalse(alive(old.get(name)), "old " + name + " survived");
            }
            String text = Files.readString(log);
            for (String expected : List.of("found 'web' (pid " + old.get("web") + ") left running by a previous supervisord-j; "
                    + "stopping it with SIGTERM", "stopped: leftover 'web' (pid " + old.get("web") + ")",
                    "killing leftover 'stubborn' (pid " + old.get("stubborn") + ") with SIGKILL",
                    "stopped: leftover 'stubborn' (pid " + old.get("stubborn") + ") (killed by SIGKILL)")) {
                assertTrue(text.contains(expected), "log lacks '" + expected + "':\n" + text);
            }
            assertTrue(text.indexOf("stopped: leftover 'web'") < text.lastIndexOf("spawned: 'web'"), "stopped before spawning:\n" + text);

            ProcessSignals.kill((int) second.pid(), 15);
            assertTrue(second.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, second.exitValue());
            assertFalse(Files.exists(record), "a clean exit removes the record");
        } finally {
            for (Process d : daemons) { // first, or it would restart what we kill
                d.destroyForcibly();
                d.waitFor(30, TimeUnit.SECONDS);
            }
            for (String name : List.of("web", "stubborn")) {
                for (int pid : withMarker(marker + "-" + name)) {
                    try {
                        ProcessSignals.killGroup(pid, 9);
                    } catch (RuntimeException | org.supervisordj.posix.PosixException e) {
                        System.out.println("cleanup of " + pid + ": " + e);
                    }
                }
            }
        }
    }

    /** True for a process that exists and is not a zombie (whoever inherited it may not have reaped it yet). */
    private static boolean alive(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    /** Live processes whose argv holds {@code marker}. */
    private static List<Integer> withMarker(String marker) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    String argv = new String(Files.readAllBytes(p.resolve("cmdline")), java.nio.charset.StandardCharsets.UTF_8);
                    String stat = Files.readString(p.resolve("stat"));
                    boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                    if (!zombie && java.util.Arrays.asList(argv.split("\0")).contains(marker)) out.add(Integer.valueOf(name));
                } catch (java.io.IOException gone) {
                    // ended while we looked
                }
            }
        }
        return out;
    }

    private static void awaitLines(Path file, String fragment, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(Files.exists(file) && Files.readAllLines(file).stream().filter(l -> l.contains(fragment)).count() >= count)) {
            if (System.nanoTime() > deadline) {
                fail(count + " x '" + fragment + "' not in " + file + ":\n" + (Files.exists(file) ? Files.readString(file) : "(none)"));
            }
            Thread.sleep(20);
        }
    }

    private static int lastLine(Path file) throws Exception {
        Matcher m = Pattern.compile("line (\\d+)\n").matcher(Files.readString(file));
        int last = 0;
        while (m.find()) last = Integer.parseInt(m.group(1));
        return last;
    }

    private Process launch(Path conf, Path stderr) throws Exception {
        Path script = MODULE.resolve("bin/supervisord-j");
        Path jar = MODULE.resolve("target/supervisord-j.jar");
        Path classes = MODULE.resolve("target/classes/org/supervisordj/daemon/Daemon.class");
        List<String> cmd = new ArrayList<>();
        if (Files.exists(jar) && Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(classes)) >= 0) {
            cmd.addAll(List.of("/bin/sh", script.toString(), "-c", conf.toString()));
        } else {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            cmd.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path") + File.pathSeparator + MODULE.resolve("target/classes"),
                    "org.supervisordj.daemon.Main", "-c", conf.toString()));
        }
        System.out.println("launching " + cmd.get(0) + " " + cmd.get(1) + " ...");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectOutput(dir.resolve("out").toFile())
                .redirectError(stderr.toFile()).start();
        daemons.add(p);
        return p;
    }

    private static java.util.Map<String, Integer> pids(Path log) throws Exception {
        java.util.Map<String, Integer> pids = new java.util.HashMap<>();
        Matcher m = SPAWNED.matcher(Files.readString(log));
        while (m.find()) pids.put(m.group(1), Integer.valueOf(m.group(2)));
        return pids;
    }

    private static void awaitLog(Path log, String fragment) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains(fragment))) {
            if (System.nanoTime() > deadline) {
                fail("no '" + fragment + "' in the daemon log:\n" + (Files.exists(log) ? Files.readString(log) : "(none)"));
            }
            Thread.sleep(20);
        }
    }
}
