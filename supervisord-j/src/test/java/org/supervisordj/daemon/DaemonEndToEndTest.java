package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import org.supervisordj.posix.Proc;
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
    void killLeftovers() throws InterruptedException {
        for (Process p : daemons) Proc.stopTree(p);
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

        List<Integer> children = new ArrayList<>(pids(log).values());
        // forker's sh writes its orphan's pid; RUNNING (startsecs=0) does not say it has yet.
        Proc.await(Proc.DEADLINE, "forker's orphan pid", () -> Files.exists(orphanFile) && Files.size(orphanFile) > 0);
        ProcessSignals.kill((int) daemon.pid(), 15);
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not exit after SIGTERM");
        assertEquals(0, daemon.exitValue());
        String text = Files.readString(log);
        // Counted once the daemon has exited, when every line of the one good reload is written.
        assertEquals(1, text.lines().filter(l -> l.contains("reloaded")).count(), "one log line per reload:\n" + text);
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
            killDaemonsThenMarked(marker + "-web", marker + "-stubborn");
        }
    }

    /** After a failure: the daemons first (or they would restart what we kill), then what they left. */
    private void killDaemonsThenMarked(String... markers) throws Exception {
        for (Process d : daemons) {
            d.destroyForcibly();
            d.waitFor(30, TimeUnit.SECONDS);
        }
        for (String m : markers) {
            for (int pid : withMarker(m)) {
                try {
                    ProcessSignals.killGroup(pid, 9);
                } catch (RuntimeException | org.supervisordj.posix.PosixException e) {
                    System.out.println("cleanup of " + pid + ": " + e);
                }
            }
        }
    }

    @Test
    void userDropsTheDaemonAndItsProgramsToThatUserAfterCreatingSocketPidfileAndLog() throws Exception {
        assumeTrue(ProcessSignals.isRoot(), "skipped: dropping to another user needs a daemon started as root");
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxrwxrwx")); // nobody rotates and reopens here
        String marker = "sdj-user-" + System.nanoTime();
        Path conf = dir.resolve("supervisord.conf");
        Path log = run.resolve("supervisord.log");
        Path socket = run.resolve("api.sock");
        Files.writeString(conf, "[supervisord]\nuser=nobody\nlogfile=" + log + "\npidfile=" + run.resolve("supervisord.pid")
                + "\nchildlogdir=" + run + "\n[unix_http_server]\nfile=" + socket + "\n"
                + "[program:web]\ncommand=sh -c 'sleep 1000; :' " + marker + "\nstartsecs=0\n");
        try {
            dropsToNobody(launchWith(List.of(), conf, dir.resolve("daemon.err")), run, log, socket);
        } finally {
            killDaemonsThenMarked(marker);
        }
    }

    @Test
    void aPortBelow1024IsBoundBeforeTheDaemonBecomesNobodyAndServedByItsProgram() throws Exception {
        assumeTrue(ProcessSignals.isRoot(), "skipped: binding a port below 1024 and dropping to nobody need root");
        int port = freePrivilegedPort();
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxrwxrwx"));
        String marker = "sdj-lowport-" + System.nanoTime();
        Path conf = dir.resolve("supervisord.conf");
        Path log = run.resolve("supervisord.log");
        Path server = dir.resolve("server.py"); // answers each connection on its fd 3 with its uid
        Files.writeString(server, "import os, socket\ns = socket.socket(fileno=3)\nwhile True:\n"
                + "    c, _ = s.accept()\n    c.sendall(str(os.getuid()).encode())\n    c.close()\n");
        Files.writeString(conf, "[supervisord]\nuser=nobody\nlogfile=" + log + "\npidfile=" + run.resolve("supervisord.pid")
                + "\nchildlogdir=" + run + "\n[program:web]\ncommand=/usr/bin/python3 " + server + " " + marker
                + "\nstartsecs=0\nlisten_sockets=tcp://127.0.0.1:" + port + "\n");
        try {
            launchWith(List.of(), conf, dir.resolve("daemon.err"));
            awaitLog(log, "success: web entered RUNNING state");
            String nobody = String.valueOf(org.supervisordj.posix.Users.lookup("nobody").uid());
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                s.setSoTimeout(30_000);
                assertEquals(nobody, new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII));
            }
            assertTrue(Files.readString(log).contains("Creating socket tcp://127.0.0.1:" + port), Files.readString(log));
        } finally {
            killDaemonsThenMarked(marker);
        }
    }

    private static int freePrivilegedPort() throws java.io.IOException {
        for (int port = 1023; port > 600; port--) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (java.io.IOException taken) {
                // next
            }
        }
        throw new java.io.IOException("no free port below 1024");
    }

    private void dropsToNobody(Process daemon, Path run, Path log, Path socket) throws Exception {
        awaitLog(log, "success: web entered RUNNING state");
        String nobody = String.valueOf(org.supervisordj.posix.Users.lookup("nobody").uid());
        String uids = "Uid:\t" + nobody + "\t" + nobody + "\t" + nobody + "\t" + nobody;
        assertTrue(Files.readAllLines(Path.of("/proc/" + daemon.pid() + "/status")).contains(uids), "daemon is not nobody");
        try (var tasks = Files.list(Path.of("/proc/" + daemon.pid() + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                assertTrue(Files.readAllLines(t.resolve("status")).contains(uids), "thread " + t + " kept root");
            }
        }
        int web = pids(log).get("web");
        assertTrue(Files.readAllLines(Path.of("/proc/" + web + "/status")).contains(uids), "web is not nobody");
        assertTrue(Files.readString(log).contains("INFO Set uid to user nobody succeeded"), Files.readString(log));
        String answer = httpOverUnixSocket(socket, "GET /api/v1/daemon HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);

        // The log, created by root, was handed to nobody: logrotate's rename + SIGUSR2 still works.
        Files.move(log, run.resolve("supervisord.log.old"));
        ProcessSignals.kill((int) daemon.pid(), 12);
        awaitLog(run.resolve("supervisord.log.old"), "received SIGUSR2 indicating log reopen request");
        awaitLog(log, ""); // reopened by name: created anew, by nobody
        assertEquals("nobody", Files.getOwner(log).getName());

        ProcessSignals.kill((int) daemon.pid(), 15);
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, daemon.exitValue());
        assertTrue(Files.readString(log).contains("received SIGTERM indicating exit request"), Files.readString(log));
        assertFalse(alive(web));
    }

    @Test
    void aDaemonThatIsNotRootRefusesAnotherUserWithSupervisordsMessage() throws Exception {
        assumeTrue(ProcessSignals.isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "skipped: starting the daemon as nobody needs root and setpriv");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path conf = dir.resolve("supervisord.conf");
        Path log = dir.resolve("supervisord.log");
        Files.writeString(conf, "[supervisord]\nuser=root\nlogfile=" + log + "\npidfile=" + dir.resolve("supervisord.pid")
                + "\nchildlogdir=" + dir + "\n[program:web]\ncommand=sleep 1000\nstartsecs=0\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
        Process daemon = launchWith(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"),
                conf, dir.resolve("daemon.err"));
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "daemon did not exit");
        String err = Files.readString(dir.resolve("daemon.err"));
        assertEquals(1, daemon.exitValue(), err);
        assertTrue(err.contains("CRIT not starting: Can't drop privilege as nonroot user"), err);
        assertFalse(Files.readString(log).contains("spawned:"), "a program started anyway");
        assertFalse(Files.exists(dir.resolve("supervisord.pid")), "pidfile left behind");
    }

    private static String httpOverUnixSocket(Path socket, String request) throws Exception {
        try (var ch = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket))) {
            ch.write(java.nio.ByteBuffer.wrap(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * Launches Main as {@code prefix} says, on a copy of the test classpath that any user can read
     * (the daemon loads classes after it has dropped root, and ~/.m2 is root's).
     */
    private Process launchWith(List<String> prefix, Path conf, Path stderr) throws Exception {
        Path cp = dir.resolve("cp");
        Files.createDirectories(cp);
        Files.setPosixFilePermissions(cp, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String e : (System.getProperty("java.class.path") + File.pathSeparator + MODULE.resolve("target/classes"))
                .split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (Files.isRegularFile(p)) {
                Path copy = cp.resolve(i++ + "-" + p.getFileName());
                Files.copy(p, copy);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                entries.add(copy.toString());
            } else {
                entries.add(e); // the module's class directories: /work is readable by all
            }
        }
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:-UsePerfData",
                "-cp", String.join(File.pathSeparator, entries), "org.supervisordj.daemon.Main", "-c", conf.toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(dir.resolve("out").toFile())
                .redirectError(stderr.toFile()).start();
        daemons.add(p);
        return p;
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
        // Started with SIGHUP ignored, as nohup does: the daemon must still reload on SIGHUP (and the
        // exec keeps the pid, so the pidfile still holds this Process's pid).
        cmd.addAll(0, List.of("/bin/sh", "-c", "trap '' HUP; exec \"$@\"", "sh"));
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
        try {
            Proc.await(Proc.DEADLINE, "'" + fragment + "' in the daemon log",
                    () -> Files.exists(log) && Files.readString(log).contains(fragment));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ":\n" + (Files.exists(log) ? Files.readString(log) : "(no log)"), e);
        }
    }
}
