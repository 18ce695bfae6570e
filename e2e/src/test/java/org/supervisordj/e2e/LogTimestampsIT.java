package org.supervisordj.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real daemon with [supervisord] log_timestamps=true and a program that opts out of it for stderr. */
class LogTimestampsIT {

    private static final String STAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d ";

    @TempDir
    Path work;
    private Process daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null && daemon.isAlive()) Launchers.stop(daemon, Duration.ofSeconds(30));
    }

    @Test
    void eachLineOfTheFileStampedOncePartialLinesToo() throws Exception {
        Path out = work.resolve("talk.out");
        Path err = work.resolve("talk.err");
        Path go = work.resolve("go");
        Path c = work.resolve("supervisord.conf");
        // The second half of the partial line comes once the test has seen the first half in the file.
        Files.writeString(c, "[supervisord]\nlogfile=" + work.resolve("d.log") + "\npidfile=" + work.resolve("d.pid")
                + "\nchildlogdir=" + work + "\nlog_timestamps=true\n[unix_http_server]\nfile=" + work.resolve("s.sock") + "\n"
                + "[program:talk]\ncommand=sh -c 'printf \"one\\ntwo\\npar\"; echo oops >&2; "
                + "while [ ! -e " + go + " ]; do sleep 0.05; done; printf \"tial\\n\"; exec sleep 1000'\n"
                + "startsecs=0\nstdout_logfile=" + out + "\nstderr_logfile=" + err + "\nstderr_logfile_timestamps=false\n");
        daemon = Launchers.startDaemon(c, work.resolve("daemon.out"));
        Launchers.await(Duration.ofSeconds(60), "the partial line in the file", () -> read(out).endsWith("par"));
        Files.writeString(go, "");
        Launchers.await(Duration.ofSeconds(30), "the rest of the line", () -> read(out).endsWith("tial\n"));
        List<String> lines = read(out).lines().toList();
        assertEquals(3, lines.size(), read(out));
        assertTrue(lines.get(0).matches(STAMP + "one"), lines.get(0));
        assertTrue(lines.get(1).matches(STAMP + "two"), lines.get(1));
        assertTrue(lines.get(2).matches(STAMP + "partial"), "one stamp, when the line started: " + lines.get(2));
        assertEquals("oops\n", read(err), "stderr_logfile_timestamps=false overrides the daemon default");
        Launchers.Run tail = Launchers.ctl(work, "-s", "unix://" + work.resolve("s.sock"), "tail", "talk");
        assertTrue(tail.out().lines().allMatch(l -> l.matches(STAMP + ".*")), "tail shows the file as written: " + tail.out());
    }

    @Test
    void jsonDaemonLogOneObjectPerLineWithProgramAndPid() throws Exception {
        Path c = work.resolve("supervisord.conf");
        Path log = work.resolve("d.log");
        Files.writeString(c, "[supervisord]\nlogfile=" + log + "\npidfile=" + work.resolve("d.pid")
                + "\nchildlogdir=" + work + "\nlogformat=json\n[unix_http_server]\nfile=" + work.resolve("s.sock")
                + "\nusername=admin\npassword=pw-never-logged\n"
                + "[program:web]\ncommand=sleep 1000\nstartsecs=0\nenvironment=TOKEN=\"env-never-logged\"\n");
        daemon = Launchers.startDaemon(c, work.resolve("daemon.out"));
        Launchers.await(Duration.ofSeconds(60), "web RUNNING in the log", () -> read(log).contains("entered RUNNING state"));
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        long pid = -1;
        for (String line : read(log).lines().toList()) {
            com.fasterxml.jackson.databind.JsonNode o = mapper.readTree(line); // every line is one object
            assertTrue(o.get("time").asText().matches(STAMP.strip()), line);
            assertTrue(o.has("level") && o.has("message"), line);
            if (o.get("message").asText().startsWith("spawned: 'web'")) {
                assertEquals("spawned", o.get("event").asText(), line);
                assertEquals("web", o.get("program").asText(), line);
                pid = o.get("pid").asLong();
            }
        }
        long spawned = pid;
        assertTrue(spawned > 0, read(log));
        Launchers.Run p = Launchers.ctl(work, "-s", "unix://" + work.resolve("s.sock"), "-u", "admin", "-p",
                "pw-never-logged", "pid", "web");
        assertEquals(String.valueOf(spawned), p.out().strip(), "the pid field is the program's pid");
        String all = read(log) + read(work.resolve("daemon.out"));
        assertTrue(!all.contains("pw-never-logged") && !all.contains("env-never-logged"), "no secrets in the log");
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
