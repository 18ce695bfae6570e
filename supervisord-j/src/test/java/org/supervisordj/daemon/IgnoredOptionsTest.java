package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No setting silently does nothing: every option supervisord-j reads but does not act on is warned
 * about at its line, by {@code check} and in the daemon's log at start-up.
 */
class IgnoredOptionsTest {

    @TempDir
    Path dir;

    /** Each ignored setting with the line it is on (1-based) in {@link #conf()}. */
    private static final List<String[]> EXPECTED = List.<String[]>of(
            new String[] {"5", "[supervisord] nodaemon: nodaemon=false is ignored"});

    private Path conf() throws Exception {
        Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "[supervisord]\n"
                + "logfile=" + dir.resolve("d.log") + "\n"
                + "pidfile=" + dir.resolve("d.pid") + "\n"
                + "childlogdir=" + dir + "\n"
                + "nodaemon=false\n"                       // 5
                + "strip_ansi=true\n"                      // 6
                + "[program:p]\n"
                + "command=sleep 1000\n"
                + "stdout_syslog=true\n"                   // 9
                + "stdout_capture_maxbytes=1MB\n"          // 10
                + "stdout_events_enabled=true\n"           // 11
                + "stderr_logfile=syslog\n"                // 12
                + "stderr_events_enabled=true\n"           // 13
                + "[supervisorctl]\n"
                + "prompt=mysupervisor\n"                  // 15
                + "history_file=~/.sc_history\n"           // 16
                + "[unix_http_server]\nfile=" + dir.resolve("s.sock") + "\n");
        return conf;
    }

    @Test
    void checkWarnsAboutEachIgnoredSettingAtItsLine() throws Exception {
        Path conf = conf();
        CheckRun r = CheckRun.of("-c", conf.toString());
        assertEquals(0, r.exit(), r.all());
        for (String[] e : EXPECTED) {
            assertTrue(r.err().contains("warning: " + conf + ":" + e[0] + ": " + e[1]), e[1] + " missing in\n" + r.all());
        }
        // Lines 6 and 9 to 13 (strip_ansi, *_syslog, capture mode, *_events_enabled) are honoured now;
        // stderr_logfile=syslog only gets supervisord's own deprecation warning.
        assertFalse(r.err().contains("strip_ansi") || r.err().contains("events_enabled") || r.err().contains("capture")
                || r.err().contains("syslog is ignored"), r.all());
        assertTrue(r.err().contains(conf + ":12: [program:p] stderr_logfile: stderr_logfile=syslog is deprecated"), r.all());
        // Lines 15 and 16: ctl's shell honours [supervisorctl] prompt and history_file.
        assertFalse(r.err().contains("[supervisorctl]"), r.all());
    }

    @Test
    void settingsThatAskForNothingAreNotWarnedAbout() throws Exception {
        Path conf = dir.resolve("quiet.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("d.log") + "\npidfile=" + dir.resolve("d.pid")
                + "\nnodaemon=true\nstrip_ansi=false\n[program:p]\ncommand=sleep 1\nstdout_syslog=false\n"
                + "stdout_capture_maxbytes=0\nstdout_events_enabled=false\n");
        CheckRun r = CheckRun.of("-c", conf.toString());
        assertEquals(0, r.exit(), r.all());
        assertFalse(r.err().contains("ignored"), r.all());
    }

    @Test
    void theDaemonLogsTheSameWarningsAtStartUp() throws Exception {
        Path conf = conf();
        Path log = dir.resolve("d.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process daemon = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path") + File.pathSeparator + Path.of("target/classes").toAbsolutePath(),
                "org.supervisordj.daemon.Main", "-c", conf.toString())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(log) && Files.readString(log).contains("spawned: 'p'"))) {
                assertTrue(daemon.isAlive(), "daemon exited: " + Files.readString(dir.resolve("err")));
                assertTrue(System.nanoTime() < deadline, "the daemon did not spawn p within 30 s");
                Thread.sleep(50);
            }
            String text = Files.readString(log);
            for (String[] e : EXPECTED) {
                assertTrue(text.contains(conf + ":" + e[0] + ": " + e[1]), e[1] + " missing in\n" + text);
            }
        } finally {
            org.supervisordj.posix.Proc.stopTree(daemon); // SIGTERM: stops p, then exits
        }
    }
}
