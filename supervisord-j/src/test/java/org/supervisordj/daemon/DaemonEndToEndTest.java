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
