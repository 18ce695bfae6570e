package org.supervisordj.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile files that once killed the daemon or ran it out of memory, applied by SIGHUP to the
 * real launcher (-Xss512k, -Xmx128m): each is logged as a located error, the daemon lives on and
 * the running program keeps its pid.
 */
class HostileReloadIT {

    @TempDir
    Path work;
    private Process daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null && daemon.isAlive()) Launchers.stop(daemon, Duration.ofSeconds(30));
    }

    private String head() {
        return "[supervisord]\nlogfile=" + work.resolve("d.log") + "\npidfile=" + work.resolve("d.pid")
                + "\nchildlogdir=" + work + "\n[unix_http_server]\nfile=" + work.resolve("s.sock") + "\n"
                + "[program:keep]\ncommand=sleep 1000\nstartsecs=0\n";
    }

    private String keepPid(Path config) throws Exception {
        Launchers.Run r = Launchers.ctl(work, "-c", config.toString(), "pid", "keep");
        return r.out().strip();
    }

    @Test
    void hostileFilesBySighupAreLoggedAsLocatedErrorsAndDisturbNothing() throws Exception {
        Path config = work.resolve("supervisord.conf");
        Files.writeString(config, head());
        daemon = Launchers.startDaemon(config, work.resolve("daemon.out"));
        Launchers.await(Duration.ofSeconds(30), "keep has a pid", () -> {
            try {
                return keepPid(config).matches("\\d+") && !keepPid(config).equals("0");
            } catch (Exception e) {
                return false;
            }
        });
        String pid = keepPid(config);
        String program = "[program:x]\ncommand=/bin/true\n";
        List<String> hostile = List.of(
                head() + program + "user=" + "u".repeat(2 << 20) + "\n",                 // 2 MB user: SIGSEGV in getpwnam
                head() + program + "user=12345678901234567890\n",                       // NumberFormatException
                head() + program + "numprocs=1000000\nprocess_name=x%(process_num)d\n",   // hung
                head() + "[include]\nfiles=/dev/zero\n",                                // OutOfMemoryError
                head() + (program + "environment=A=\"1\"\n").repeat(30_000),            // thousands of sections
                head() + program + "directory=/tmp/\0\n");
        Path log = work.resolve("d.log");
        for (int i = 0; i < hostile.size(); i++) {
            long before = Files.size(log);
            Files.writeString(config, hostile.get(i));
            new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).start().waitFor();
            Launchers.await(Duration.ofSeconds(30), "the reload of case " + i + " logged", () -> {
                try {
                    return !daemon.isAlive() || Files.readString(log).substring((int) before).contains("reload rejected");
                } catch (Exception e) {
                    return false;
                }
            });
            // Before: case 0 killed the JVM (SIGSEGV in getpwnam), orphaning keep.
            assertTrue(daemon.isAlive(), "daemon died on case " + i + ":\n" + Files.readString(work.resolve("daemon.out")));
            assertTrue(Files.readString(log).substring((int) before).contains("ERRO " + config + ":"),
                    Files.readString(log).substring((int) before));
        }
        Files.writeString(config, head());
        assertEquals(pid, keepPid(config));
        String text = Files.readString(log) + Files.readString(work.resolve("daemon.out"));
        assertFalse(text.contains("Exception") || text.contains("\tat "), text);
    }
}
