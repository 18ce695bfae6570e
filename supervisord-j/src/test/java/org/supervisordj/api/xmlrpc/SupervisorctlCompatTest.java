package org.supervisordj.api.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real proof: Debian's {@code /usr/bin/supervisorctl} runs the same sequence against
 * supervisord-j and against supervisord 4.2.5, and prints the same (pids, times, versions and
 * paths masked) with the same exit codes.
 */
class SupervisorctlCompatTest {

    static final String PROGRAMS = """
            [program:web]
            command=/bin/sh -c 'echo hello-out; echo hello-err >&2; exec sleep 600'
            startsecs=1
            stopwaitsecs=5

            [program:hup]
            command=/bin/sh -c 'trap "echo got-hup" HUP; echo ready; while true; do sleep 0.2; done'
            startsecs=0
            stopwaitsecs=5

            [program:lazy]
            command=/bin/sleep 600
            autostart=false
            startsecs=1

            [program:broken]
            command=/bin/sh -c 'exit 3'
            autostart=false
            startsecs=1
            startretries=0

            [group:grp]
            programs=a,b

            [program:a]
            command=/bin/sleep 600
            autostart=false
            startsecs=0

            [program:b]
            command=/bin/sleep 600
            autostart=false
            startsecs=0
            """;

    /** The configuration after "#rewrite": broken gone, lazy changed, extra added. */
    static final String PROGRAMS_UPDATED = PROGRAMS
            .replace("[program:broken]\ncommand=/bin/sh -c 'exit 3'\nautostart=false\nstartsecs=1\nstartretries=0\n", "")
            .replace("[program:lazy]\ncommand=/bin/sleep 600", "[program:lazy]\ncommand=/bin/sleep 601")
            + "\n[program:extra]\ncommand=/bin/sleep 600\nstartsecs=0\n";

    /** Each step: supervisorctl's arguments; "#rewrite" switches the file to PROGRAMS_UPDATED. */
    static final List<List<String>> STEPS = List.of(
            List.of("status"),
            List.of("start", "lazy"),
            List.of("start", "lazy"),
            List.of("status", "lazy"),
            List.of("stop", "lazy"),
            List.of("stop", "lazy"),
            List.of("status", "lazy"),
            List.of("restart", "web"),
            List.of("signal", "HUP", "hup"),
            List.of("signal", "HUP", "lazy"),
            List.of("signal", "HUPX", "hup"),
            List.of("signal", "HUP", "nosuch"),
            List.of("start", "nosuch"),
            List.of("start", "broken"),
            List.of("status", "nosuch"),
            List.of("status", "grp:*"),
            List.of("start", "grp:*"),
            List.of("start", "grp:a"),
            List.of("stop", "grp:"),
            List.of("pid"),
            List.of("pid", "web"),
            List.of("pid", "lazy"),
            List.of("version"),
            List.of("avail"),
            List.of("tail", "web"),
            List.of("tail", "web", "stderr"),
            List.of("tail", "-5", "web"),
            List.of("tail", "nosuch"),
            List.of("clear", "web"),
            List.of("tail", "web"),
            List.of("clear", "nosuch"),
            List.of("clear", "grp:a", "hup"),
            List.of("clear", "all"),
            List.of("#rewrite"),
            List.of("reread"),
            List.of("avail"),
            List.of("update"),
            List.of("status"),
            List.of("remove", "extra"),
            List.of("stop", "extra"),
            List.of("remove", "extra"),
            List.of("add", "extra"),
            List.of("add", "extra"),
            List.of("add", "nosuch"),
            List.of("remove", "nosuch"),
            List.of("update"),
            List.of("#interactive"),
            List.of("stop", "all"),
            List.of("status"),
            List.of("start", "all"),
            List.of("restart", "all"),
            List.of("reload", "now"),
            List.of("reload"),
            List.of("#reloaded"),
            List.of("status"),
            List.of("shutdown"));

    /** For fg: a program that echoes its stdin to its stdout, and one that is not running. */
    static final String FG_PROGRAMS = """
            [program:echo]
            command=/bin/cat
            startsecs=0
            stopwaitsecs=5

            [program:idle]
            command=/bin/sleep 600
            autostart=false
            """;

    @BeforeAll
    static void requireSupervisor() {
        Supervisor.assumeSupervisorInstalled();
    }

    @Test
    void supervisorctlPrintsTheSameAgainstBoth(@TempDir Path tmp) throws Exception {
        String theirs = transcript(Supervisor.Kind.SUPERVISORD, tmp.resolve("py"));
        String ours = transcript(Supervisor.Kind.SUPERVISORD_J, tmp.resolve("j"));
        assertEquals(theirs, ours);
    }

    @Test
    void tailFollowAndMaintailFollowStreamAsFromSupervisord(@TempDir Path tmp) throws Exception {
        assertEquals(follow(Supervisor.Kind.SUPERVISORD, tmp.resolve("py")), follow(Supervisor.Kind.SUPERVISORD_J, tmp.resolve("j")));
    }

    // tail -f shows the log so far, then what the program writes after a HUP; maintail (-f) the daemon's log.
    private static String follow(Supervisor.Kind kind, Path dir) throws Exception {
        try (Supervisor s = Supervisor.start(kind, dir, PROGRAMS)) {
            awaitRunning(s, "web", "hup");
            awaitLog(s, "hup", "ready");
            String tail;
            try (Supervisor.Streaming f = s.ctlStream("tail", "-f", "hup")) {
                f.await("ready\n");
                assertEquals(0, s.ctl("signal", "HUP", "hup").exit());
                f.await("got-hup\n");
                tail = f.output();
            }
            // The daemons word their own logs differently: maintail must show this daemon's log, and its end.
            Supervisor.Result whole = s.ctl("maintail");
            assertEquals(0, whole.exit(), whole.output());
            assertTrue(whole.output().contains("spawned: 'hup' with pid"), whole.output());
            Supervisor.Result end = s.ctl("maintail", "-120");
            String log = s.read("supervisord.log");
            assertEquals(log.substring(Math.max(0, log.length() - 120)) + "\n", end.output());
            try (Supervisor.Streaming f = s.ctlStream("maintail", "-f")) {
                f.await("spawned: 'hup' with pid");
                assertTrue(f.output().startsWith("==> Press Ctrl-C to exit <==\n"), f.output());
            }
            try (Supervisor.Streaming f = s.ctlStream("tail", "-f", "web", "stderr")) {
                f.await("hello-err\n");
                tail += f.output();
            }
            return tail;
        }
    }

    @Test
    void fgSendsWhatIsTypedAndShowsWhatTheProgramWritesAsWithSupervisord(@TempDir Path tmp) throws Exception {
        assertEquals(fg(Supervisor.Kind.SUPERVISORD, tmp.resolve("py")), fg(Supervisor.Kind.SUPERVISORD_J, tmp.resolve("j")));
    }

    /**
     * fg's errors, then three sessions with {@code cat}: ended by end of input, by Ctrl-C, and by the
     * program stopping. supervisorctl's output thread only notices the end on its next 30 s select
     * timeout (against both daemons), so each session is closed once "Exiting foreground" is shown.
     */
    private static String fg(Supervisor.Kind kind, Path dir) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Supervisor s = Supervisor.start(kind, dir, FG_PROGRAMS)) {
            awaitRunning(s, "echo");
            for (List<String> step : List.of(List.of("fg"), List.of("fg", "nosuch"), List.of("fg", "echo", "idle"),
                    List.of("fg", "idle"))) {
                Supervisor.Result r = s.ctl(step.toArray(String[]::new));
                out.append("$ supervisorctl ").append(String.join(" ", step)).append('\n').append(r.output())
                        .append("(exit ").append(r.exit()).append(")\n");
            }
            try (Supervisor.Streaming f = s.ctlStream("fg", "echo")) {
                f.await("==> Press Ctrl-C to exit <==\n");
                f.type("first line\n");
                f.await("first line\n");
                f.endInput();
                f.await("Exiting foreground\n");
                out.append("$ fg echo, end of input\n").append(f.output());
            }
            try (Supervisor.Streaming f = s.ctlStream("fg", "echo")) {
                f.await("first line\n"); // the log so far comes first
                f.type("second line\n");
                f.await("second line\n");
                f.interrupt();
                f.await("Exiting foreground\n");
                out.append("$ fg echo, Ctrl-C\n").append(f.output());
            }
            try (Supervisor.Streaming f = s.ctlStream("fg", "echo")) {
                f.await("second line\n");
                assertEquals(0, s.ctl("stop", "echo").exit());
                f.type("too late\n");
                f.await("Exiting foreground\n");
                out.append("$ fg echo, program stopped\n").append(f.output());
            }
        }
        return out.toString();
    }

    private static String transcript(Supervisor.Kind kind, Path dir) throws Exception {
        StringBuilder out = new StringBuilder();
        String webPid = null;
        try (Supervisor s = Supervisor.start(kind, dir, PROGRAMS)) {
            awaitRunning(s, "web", "hup");
            awaitLog(s, "hup", "ready");
            for (List<String> step : STEPS) {
                if (step.equals(List.of("#interactive"))) {
                    Supervisor.Result r = s.ctlInteractive("status web\nstop lazy\nstart lazy\npid\nversion\nnosuchverb\n"
                            + "help stop\nsignal HUP nosuch\nreload\nn\nquit\n");
                    // After the prompt, the pid and the version differ by nature: both masked.
                    out.append("$ supervisorctl (interactive)\n").append(mask(r.output(), dir)
                            .replaceAll("(?m)(?<=^supervisor> )(dev|\\d[\\w.-]*)$", "PID-OR-VERSION"))
                            .append("(exit ").append(r.exit()).append(")\n");
                    continue;
                }
                if (step.equals(List.of("#rewrite"))) {
                    s.rewrite(PROGRAMS_UPDATED);
                    continue;
                }
                if (step.equals(List.of("#reloaded"))) {
                    // The reload has happened once web is a new process, and is over once all are up again.
                    awaitNewPid(s, "web", webPid);
                    awaitRunning(s, "web", "hup", "extra");
                    continue;
                }
                if (step.equals(List.of("reload"))) webPid = s.ctl("pid", "web").output().strip();
                Supervisor.Result r = s.ctl(step.toArray(String[]::new));
                String output = step.get(0).equals("version") ? "VERSION\n" : mask(r.output(), dir);
                out.append("$ supervisorctl ").append(String.join(" ", step)).append('\n')
                        .append(resultsSorted(output)).append("(exit ").append(r.exit()).append(")\n");
                if (step.equals(List.of("signal", "HUP", "hup"))) awaitLog(s, "hup", "got-hup");
            }
            assertTrue(s.awaitExit(), kind + " did not exit after shutdown");
        }
        return out.toString();
    }

    /**
     * The order of a multi-process command's "stopped" and "started" lines is a race in both
     * daemons (a process done within the call is answered at once, the others as each one gets
     * there: two programs that wait out their startsecs together may finish in either order), so
     * each kind is compared sorted in place.
     */
    static String resultsSorted(String output) {
        List<String> lines = new java.util.ArrayList<>(output.lines().toList());
        for (String suffix : List.of(": stopped", ": started")) {
            java.util.Iterator<String> next = lines.stream().filter(l -> l.endsWith(suffix)).sorted().toList().iterator();
            lines.replaceAll(l -> l.endsWith(suffix) ? next.next() : l);
        }
        StringBuilder b = new StringBuilder();
        for (String l : lines) b.append(l).append('\n');
        return b.toString();
    }

    static String mask(String text, Path dir) {
        return text.replace(dir.toString(), "DIR")
                .replaceAll("pid \\d+, uptime \\d+:\\d\\d:\\d\\d", "pid PID, uptime UPTIME")
                .replaceAll("(?m)^\\d+$", "PID")
                .replaceAll("[A-Z][a-z][a-z] \\d\\d \\d\\d:\\d\\d [AP]M", "DATE");
    }

    private static void awaitRunning(Supervisor s, String... names) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            String status = s.ctl("status").output();
            boolean all = true;
            for (String n : names) all &= status.lines().anyMatch(l -> l.startsWith(n + " ") && l.contains("RUNNING"));
            if (all) return;
            if (System.nanoTime() > deadline) throw new AssertionError("not all RUNNING: " + status);
            Thread.sleep(100);
        }
    }

    private static void awaitNewPid(Supervisor s, String name, String old) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            String pid = s.ctl("pid", name).output().strip();
            if (pid.matches("[1-9]\\d*") && !pid.equals(old)) return;
            if (System.nanoTime() > deadline) throw new AssertionError(name + " still has pid " + old + ": " + pid);
            Thread.sleep(100);
        }
    }

    private static void awaitLog(Supervisor s, String program, String fragment) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try (var files = Files.list(s.dir)) {
                boolean found = files.filter(f -> f.getFileName().toString().startsWith(program + "-stdout"))
                        .anyMatch(f -> read(f).contains(fragment));
                if (found) return;
            }
            if (System.nanoTime() > deadline) throw new AssertionError("no '" + fragment + "' in " + program + "'s log");
            Thread.sleep(50);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
