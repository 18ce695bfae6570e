package org.supervisordj.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * Secrets in broken secret-bearing lines (an unclosed quote, an unquoted space, a duplicated key)
 * of a program's environment=, [supervisord] environment= and [inet_http_server] password= never
 * appear in ctl reread/update (text or --json), the daemon's stdout or supervisord.log, whether the
 * reload is asked by ctl or by SIGHUP.
 */
class SecretsIT {

    @TempDir
    Path work;
    private Process daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null && daemon.isAlive()) Launchers.stop(daemon, Duration.ofSeconds(30));
    }

    private final int port = freePort();

    private static int freePort() {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String head(String supervisordExtra, String inetExtra) {
        return "[supervisord]\nlogfile=" + work.resolve("d.log") + "\npidfile=" + work.resolve("d.pid")
                + "\nchildlogdir=" + work + "\n" + supervisordExtra + "[unix_http_server]\nfile=" + work.resolve("s.sock")
                + "\n[inet_http_server]\nport=127.0.0.1:" + port + "\nusername=admin\npassword=pw\n" + inetExtra
                + "[program:keep]\ncommand=sleep 1000\nstartsecs=0\n";
    }

    @Test
    void brokenSecretLinesAreNeverEchoed() throws Exception {
        Path config = work.resolve("supervisord.conf");
        Files.writeString(config, head("", ""));
        daemon = Launchers.startDaemon(config, work.resolve("daemon.out"));
        Launchers.await(Duration.ofSeconds(30), "keep RUNNING", () -> {
            try {
                return Launchers.ctl(work, "-c", config.toString(), "status").out().contains("RUNNING");
            } catch (Exception e) {
                return false;
            }
        });
        List<String> variants = List.of(
                head("", "") + "[program:a]\ncommand=/bin/true\nenvironment=API_KEY=\"s3cr3t-unclosed\n",
                head("", "") + "[program:a]\ncommand=/bin/true\nenvironment=API_KEY=s3cr3t-one s3cr3t-two\n",
                head("", "") + "[program:a]\ncommand=/bin/true\nautostart=false\nenvironment=K=s3cr3t-1\nenvironment=K=s3cr3t-2\n",
                head("environment=DB=\"s3cr3t-unclosed\n", ""),
                head("environment=DB=s3cr3t-one s3cr3t-two\n", ""),
                head("environment=DB=s3cr3t-1\nenvironment=DB=s3cr3t-2\n", ""),
                head("", "password=s3cr3t-dup\n"),
                head("", "password=\"s3cr3t unclosed\n"));
        for (String text : variants) {
            Files.writeString(config, text);
            for (String[] verb : List.of(new String[] {"reread"}, new String[] {"reread", "--json"},
                    new String[] {"update"}, new String[] {"update", "--json"})) {
                String[] args = new String[verb.length + 2];
                args[0] = "-c";
                args[1] = config.toString();
                System.arraycopy(verb, 0, args, 2, verb.length);
                Launchers.Run r = Launchers.ctl(work, args);
                assertFalse(r.out().contains("s3cr3t") || r.err().contains("s3cr3t"),
                        String.join(" ", verb) + " echoed a secret for\n" + text + "\n" + r.out() + r.err());
            }
            new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).start().waitFor();
        }
        // The last SIGHUP's outcome is logged before the daemon answers this.
        Files.writeString(config, head("", ""));
        Launchers.Run update = Launchers.ctl(work, "-c", config.toString(), "update");
        assertNotEquals(-1, update.exit());
        for (Path log : List.of(work.resolve("daemon.out"), work.resolve("d.log"))) {
            String text = Files.readString(log);
            assertTrue(text.contains("error") || text.contains("ERRO") || text.contains("CRIT"), log + ":\n" + text);
            assertFalse(text.contains("s3cr3t"), log + ":\n" + text);
        }
        assertTrue(daemon.isAlive());
        assertEquals(0, Launchers.ctl(work, "-c", config.toString(), "status", "keep").exit());
    }
}
