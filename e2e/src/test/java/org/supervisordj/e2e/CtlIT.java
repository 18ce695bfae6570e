package org.supervisordj.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ctl verb against a real daemon with real programs, over the Unix socket and over TCP with
 * Basic auth: supervisorctl's output and exit codes.
 */
class CtlIT {

    @TempDir
    Path work;
    private Process daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null && daemon.isAlive()) Launchers.stop(daemon, Duration.ofSeconds(30));
    }

    private Path config(String programs) throws Exception {
        Path c = work.resolve("supervisord.conf");
        Files.writeString(c, "[supervisord]\nlogfile=" + work.resolve("d.log") + "\npidfile=" + work.resolve("d.pid")
                + "\nchildlogdir=" + work + "\n[unix_http_server]\nfile=" + work.resolve("s.sock") + "\n"
                + "[inet_http_server]\nport=127.0.0.1:" + Launchers.freePorts(1)[0] + "\nusername=admin\npassword=s3cret\n" + programs);
        return c;
    }

    private Launchers.Run ctl(Path config, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Launchers.ctl(work, all);
    }

    private void awaitStatus(Path config, String line) throws Exception {
        Launchers.await(Duration.ofSeconds(30), "status shows " + line, () -> {
            try {
                return ctl(config, "status").out().lines().anyMatch(l -> l.matches(line));
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void everyVerbWithSupervisorctlsOutputAndExitCodes() throws Exception {
        // web ignores SIGHUP, so the signal verb below does not end it (and update's pid check stays meaningful);
        // it writes its pid once the trap is set, which the test waits for before the HUP.
        Path ready = work.resolve("web.ready");
        Path config = config("[program:web]\ncommand=sh -c 'trap \"\" HUP; echo $$ > " + ready + "; exec sleep 1000'\n"
                + "startsecs=0\n"
                + "[program:oneshot]\ncommand=sh -c 'echo done'\nstartsecs=0\nautorestart=false\n"
                + "[program:broken]\ncommand=sh -c 'echo \"cannot open /etc/app.conf\" >&2; exit 3'\nautostart=false\n"
                + "startsecs=10\nstartretries=0\n[program:idle]\ncommand=sleep 1000\nautostart=false\n");
        daemon = Launchers.startDaemon(config, work.resolve("daemon.out"));
        awaitStatus(config, "web\\s+RUNNING\\s+pid \\d+, uptime .*");
        awaitStatus(config, "oneshot\\s+EXITED.*");

        Launchers.Run status = ctl(config, "status");
        assertEquals(3, status.exit(), "a listed process is not running: " + status.out());
        assertTrue(status.out().contains("idle                             STOPPED   Not started"), status.out());
        assertEquals(0, ctl(config, "status", "web").exit());
        assertEquals(4, ctl(config, "status", "nope").exit());
        assertTrue(ctl(config, "status", "--json").out().contains("\"statename\"") || ctl(config, "status", "--json").out().contains("\"state\""));

        Launchers.Run start = ctl(config, "start", "idle");
        assertEquals("idle: started\n", start.out());
        assertEquals(0, start.exit());
        assertEquals("idle: ERROR (already started)\n", ctl(config, "start", "idle").out());
        Launchers.Run stop = ctl(config, "stop", "idle");
        assertEquals("idle: stopped\n", stop.out());
        Launchers.Run stopAgain = ctl(config, "stop", "idle");
        assertEquals("idle: ERROR (not running)\n", stopAgain.out());
        Launchers.Run unknown = ctl(config, "start", "nope");
        assertEquals("nope: ERROR (no such process)\n", unknown.out());
        assertNotEquals(0, unknown.exit());

        Launchers.Run broken = ctl(config, "start", "broken");
        assertEquals(7, broken.exit(), broken.out());
        assertTrue(broken.out().startsWith("broken: ERROR (spawn error)") || broken.out().startsWith("broken: ERROR (abnormal termination)"),
                broken.out());
        assertTrue(broken.out().contains("cannot open /etc/app.conf"), "the reason supervisorctl hides: " + broken.out());

        long webPid = Long.parseLong(ctl(config, "pid", "web").out().strip());
        Launchers.Run restart = ctl(config, "restart", "web");
        assertEquals("web: stopped\nweb: started\n", restart.out());
        long newPid = Long.parseLong(ctl(config, "pid", "web").out().strip());
        assertNotEquals(webPid, newPid);
        assertEquals(daemon.pid(), Long.parseLong(ctl(config, "pid").out().strip()));

        Launchers.await(Duration.ofSeconds(30), "web " + newPid + " to have set its trap", () -> {
            try {
                return Files.readString(ready).strip().equals(String.valueOf(newPid));
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
        Launchers.Run signal = ctl(config, "signal", "HUP", "web");
        assertEquals("web: signalled\n", signal.out());
        assertEquals(newPid, Long.parseLong(ctl(config, "pid", "web").out().strip()));
        assertEquals("bogus: ERROR (no such process)\n", ctl(config, "signal", "HUP", "bogus").out());

        assertEquals("done\n", ctl(config, "tail", "oneshot").out());
        assertTrue(ctl(config, "tail", "broken", "stderr").out().contains("cannot open /etc/app.conf"));

        // reread/update: an added program starts, the unchanged one keeps its pid.
        Files.writeString(config, Files.readString(config) + "[program:added]\ncommand=sleep 1000\nstartsecs=0\n");
        Launchers.Run reread = ctl(config, "reread");
        assertEquals("added: available\n", reread.out());
        Launchers.Run update = ctl(config, "update");
        assertTrue(update.out().contains("added: added process group"), update.out());
        awaitStatus(config, "added\\s+RUNNING.*");
        assertEquals(newPid, Long.parseLong(ctl(config, "pid", "web").out().strip()), "update kept web running");
        assertEquals("No config updates to processes\n", ctl(config, "reread").out());
        assertTrue(ctl(config, "avail").out().contains("added"));
        assertTrue(ctl(config, "version").out().length() > 0);

        assertEquals("Shut down\n", ctl(config, "shutdown").out());
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, daemon.exitValue());
        Launchers.Run down = ctl(config, "status");
        assertEquals(69, down.exit(), "daemon not running has its own exit code");
        assertEquals(1, down.err().lines().count(), "one clear line: " + down.err());
        assertFalse(down.err().contains("Exception"), down.err());
    }

    @Test
    void tcpNeedsCredentials() throws Exception {
        Path config = config("[program:web]\ncommand=sleep 1000\nstartsecs=0\n");
        daemon = Launchers.startDaemon(config, work.resolve("daemon.out"));
        awaitStatus(config, "web\\s+RUNNING.*");
        String port = Files.readString(config).lines().filter(l -> l.startsWith("port=")).findFirst().orElseThrow()
                .substring("port=".length());
        Launchers.Run refused = Launchers.ctl(work, "-s", "http://" + port, "status");
        assertEquals(1, refused.exit(), refused.err());
        assertTrue(refused.err().toLowerCase().contains("authentication"), refused.err());
        Launchers.Run wrong = Launchers.ctl(work, "-s", "http://" + port, "-u", "admin", "-p", "nope", "status");
        assertEquals(1, wrong.exit());
        Launchers.Run ok = Launchers.ctl(work, "-s", "http://" + port, "-u", "admin", "-p", "s3cret", "status");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().startsWith("web "), ok.out());
        assertFalse(Files.readString(work.resolve("d.log")).contains("s3cret"), "no password in the log");
    }

    @Test
    void tailPassesLogBytesThroughAndEndsWhenItsReaderGoes() throws Exception {
        Path script = work.resolve("chatty.sh");
        Files.writeString(script, "i=0\nwhile :; do i=$((i+1)); printf 'caf\\303\\251 \\342\\200\\246 %s\\n' $i; sleep 0.1; done\n");
        Path config = config("[program:chatty]\ncommand=sh " + script + "\nstartsecs=0\n"
                + "[program:idle]\ncommand=sleep 1000\nstartsecs=0\n");
        daemon = Launchers.startDaemon(config, work.resolve("daemon.out"));
        awaitStatus(config, "chatty\\s+RUNNING.*");
        awaitStatus(config, "idle\\s+RUNNING.*");

        // LANG=C: the UTF-8 bytes of the log come out as they are, not as '?'.
        ProcessBuilder tailUnderC = new ProcessBuilder(Launchers.CTL.toString(), "-c", config.toString(), "tail", "chatty")
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(work.resolve("tail.out").toFile());
        tailUnderC.environment().put("LANG", "C");
        tailUnderC.environment().put("LC_ALL", "C");
        Launchers.await(Duration.ofSeconds(30), "a line in ctl tail", () -> {
            try {
                Process p = tailUnderC.start();
                return p.waitFor(30, TimeUnit.SECONDS) && Files.readString(work.resolve("tail.out"),
                        java.nio.charset.StandardCharsets.ISO_8859_1).contains(" 1\n");
            } catch (Exception e) {
                return false;
            }
        });
        byte[] out = Files.readAllBytes(work.resolve("tail.out"));
        String asBytes = new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(asBytes.contains("caf\u00c3\u00a9 \u00e2\u0080\u00a6 "), "UTF-8 bytes untouched under LANG=C: " + asBytes);
        assertFalse(asBytes.contains("?"), asBytes);

        // tail -f | head -2 ends once head has its lines (the broken pipe ends ctl).
        Process piped = new ProcessBuilder("sh", "-c", "\"$0\" -c \"$1\" tail -f chatty | head -2", Launchers.CTL.toString(),
                config.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String two = new String(piped.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(piped.waitFor(30, TimeUnit.SECONDS), "ctl tail -f | head -2 ended");
        assertEquals(2, two.lines().count(), two);
        Launchers.await(Duration.ofSeconds(30), "no ctl tail -f left", () -> ProcessHandle.allProcesses()
                .noneMatch(h -> h.info().arguments().map(a -> String.join(" ", a).contains(config + " tail -f chatty")).orElse(false)));
    }

    @Test
    void availClearAddRemoveMaintailReloadAndHelp() throws Exception {
        Path config = config("[program:web]\ncommand=sh -c 'echo hello; exec sleep 1000'\nstartsecs=0\npriority=5\n"
                + "[program:idle]\ncommand=sleep 1000\nautostart=false\n");
        daemon = Launchers.startDaemon(config, work.resolve("daemon.out"));
        awaitStatus(config, "web\\s+RUNNING.*");

        Files.writeString(config, Files.readString(config) + "[program:extra]\ncommand=sleep 1000\nstartsecs=0\n");
        assertEquals("extra                            avail     auto      999:999\n"
                + "idle                             in use    manual    999:999\n"
                + "web                              in use    auto      5:5\n", ctl(config, "avail").out());

        Launchers.Run add = ctl(config, "add", "extra");
        assertEquals("extra: added process group\n", add.out());
        awaitStatus(config, "extra\\s+RUNNING.*");
        assertEquals("ERROR: process group already active\n", ctl(config, "add", "extra").out());
        assertEquals("ERROR: process/group still running: extra\n", ctl(config, "remove", "extra").out());
        assertEquals("extra: stopped\n", ctl(config, "stop", "extra").out());
        Launchers.Run remove = ctl(config, "remove", "extra");
        assertEquals("extra: removed process group\n", remove.out());
        assertEquals(0, remove.exit());
        assertEquals(4, ctl(config, "status", "extra").exit(), "gone");

        Launchers.await(Duration.ofSeconds(30), "web's hello", () -> {
            try {
                return ctl(config, "tail", "web").out().contains("hello");
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals("web: cleared\n", ctl(config, "clear", "web").out());
        assertEquals("", ctl(config, "tail", "web").out());
        Launchers.Run clearNope = ctl(config, "clear", "nope");
        assertEquals("nope: ERROR (no such process)\n", clearNope.out());
        assertEquals(1, clearNope.exit());

        assertTrue(ctl(config, "maintail").out().contains("success: web entered RUNNING state"), "the daemon's log");
        Process piped = new ProcessBuilder("sh", "-c", "\"$0\" -c \"$1\" maintail -f | head -1", Launchers.CTL.toString(),
                config.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(new String(piped.getInputStream().readNBytes(1)).length() == 1, "maintail -f printed");
        // ctl learns that head has gone at its next write: give it a line to write (the log is quiet).
        assertEquals("idle: started\n", ctl(config, "start", "idle").out());
        assertTrue(piped.waitFor(30, TimeUnit.SECONDS), "maintail -f | head -1 ended");

        String daemonPid = ctl(config, "pid").out();
        Launchers.Run reload = ctl(config, "reload");
        assertEquals(new Launchers.Run(0, "Restarted supervisord\n", ""), reload);
        assertEquals(daemonPid, ctl(config, "pid").out(), "the same daemon, restarted in place");
        awaitStatus(config, "web\\s+RUNNING.*");

        Launchers.Run help = ctl(config, "help", "maintail");
        assertTrue(help.out().startsWith("Usage: ctl maintail"), help.out());
        assertEquals(0, ctl(config, "stop", "-?").exit());
    }

    @Test
    void interactiveShellRunsVerbsFromItsInput() throws Exception {
        Path config = config("[program:web]\ncommand=sleep 1000\nstartsecs=0\n");
        daemon = Launchers.startDaemon(config, work.resolve("daemon.out"));
        awaitStatus(config, "web\\s+RUNNING.*");
        Process shell = new ProcessBuilder(Launchers.CTL.toString(), "-c", config.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        shell.getOutputStream().write("stop web\nnope\nstart all\nquit\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        shell.getOutputStream().close();
        String out = new String(shell.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(shell.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, shell.exitValue());
        assertTrue(out.matches("(?s)web +RUNNING +pid \\d+, uptime .*\nsupervisor> web: stopped\n"
                + "supervisor> \\*\\*\\* Unknown syntax: nope\nsupervisor> web: started\nsupervisor> \n"), out);
    }

    @Test
    void ctrlCInTheShellEndsTailFAndTheShellGoesOn() throws Exception {
        Path script = work.resolve("chatty.sh");
        Files.writeString(script, "i=0\nwhile :; do i=$((i+1)); echo \"line $i\"; sleep 0.1; done\n");
        Path config = config("[program:chatty]\ncommand=sh " + script + "\nstartsecs=0\n");
        daemon = Launchers.startDaemon(config, work.resolve("daemon.out"));
        awaitStatus(config, "chatty\\s+RUNNING.*");
        // SIGINT at its default, whatever this JVM inherited (a background job ignores it, and so
        // would ctl: the JVM then never sees Ctrl-C).
        Process shell = new ProcessBuilder("/usr/bin/python3", "-c", "import os, signal, sys; "
                + "signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
                Launchers.CTL.toString(), "-c", config.toString())
                .redirectError(work.resolve("shell.err").toFile()).redirectOutput(work.resolve("shell.out").toFile()).start();
        java.io.OutputStream stdin = shell.getOutputStream();
        stdin.write("tail -f chatty\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stdin.flush();
        // The verb is following (its banner is printed once the handler is in place, then log lines flow).
        Launchers.await(Duration.ofSeconds(30), "tail -f following in the shell", () -> {
            try {
                String out = Files.readString(work.resolve("shell.out"));
                int after = out.indexOf("supervisor> ");
                return Files.readString(work.resolve("shell.err")).contains("==> Press Ctrl-C to exit <==")
                        && after >= 0 && out.substring(after).contains("line ");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        new ProcessBuilder("kill", "-INT", Long.toString(shell.pid())).start().waitFor();
        stdin.write("status\nquit\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stdin.close();
        assertTrue(shell.waitFor(60, TimeUnit.SECONDS), "the shell read on and quit");
        String out = Files.readString(work.resolve("shell.out"));
        String err = Files.readString(work.resolve("shell.err"));
        assertEquals(0, shell.exitValue(), out + err);
        // After the followed lines (from 1,600 bytes back, so the first may be cut): supervisorctl's
        // empty line, then status at the next prompt, then quit's new line.
        assertTrue(out.matches("(?s)chatty +RUNNING[^\n]*\nsupervisor> .*line \\d+\n?\n"
                + "supervisor> chatty +RUNNING +pid \\d+, uptime [^\n]*\nsupervisor> \n"), out);
        assertFalse(err.contains("error"), err);
    }

    @Test
    void fgSendsLinesToTheProcesssStdin() throws Exception {
        Path config = config("[program:echo]\ncommand=sh -c 'while read l; do echo \"got $l\"; done; exec sleep 1000'\nstartsecs=0\n");
        daemon = Launchers.startDaemon(config, work.resolve("daemon.out"));
        awaitStatus(config, "echo\\s+RUNNING.*");
        Process fg = new ProcessBuilder(Launchers.CTL.toString(), "-c", config.toString(), "fg", "echo").start();
        fg.getOutputStream().write("hi there\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        fg.getOutputStream().close();
        String out = new String(fg.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(fg.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(fg.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, fg.exitValue(), out + err);
        assertTrue(out.startsWith("==> Press Ctrl-C to exit <==\n") && out.endsWith("Exiting foreground\n"), out);
        Launchers.await(Duration.ofSeconds(30), "the line reached the program", () -> {
            try {
                return ctl(config, "tail", "echo").out().contains("got hi there");
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals("ERROR: bad process name supplied\n", ctl(config, "fg", "nope").out());
    }
}
