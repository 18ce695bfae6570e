package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supervisordj.api.xmlrpc.Supervisor;
import org.supervisordj.api.xmlrpc.Supervisor.Kind;
import org.supervisordj.posix.Proc;

/**
 * {@code stdout_syslog}, {@code stderr_syslog} and {@code stdout_logfile=syslog} send child output to
 * the local syslog socket, one datagram per line, as supervisord 4.2.5 does. The expected datagrams
 * are what 4.2.5 sent to a socket bound at /dev/log (in a private mount namespace) for the same
 * programs, the time masked: {@code <14>Dec  3 19:15:33 supervisord: a one}. The socket here is a
 * temp path, given to the daemon by SUPERVISORDJ_SYSLOG_SOCKET.
 */
class SyslogOutputTest {

    private static final String PROGRAMS = """
            [program:a]
            command=/bin/sh -c "/usr/bin/printf 'one\\\\ntwo\\\\n\\\\nthree\\\\n'; exec sleep 600"
            stdout_syslog=true
            startsecs=0

            [program:err]
            command=/bin/sh -c "echo on stderr >&2; exec sleep 600"
            stderr_syslog=true
            startsecs=0

            [program:b]
            command=/bin/sh -c "echo b-line; exec sleep 600"
            stdout_logfile=syslog
            startsecs=0

            [program:newlines]
            command=/bin/sh -c "/usr/bin/printf '\\\\n\\\\n'; exec sleep 600"
            stdout_syslog=true
            startsecs=0

            [program:capturer]
            command=/bin/sh -c "/usr/bin/printf 'shown <!--XSUPERVISOR:BEGIN-->hidden<!--XSUPERVISOR:END--> and shown too, long enough\\\\n'; exec sleep 600"
            stdout_syslog=true
            stdout_capture_maxbytes=1MB
            startsecs=0

            [program:bytes]
            command=/bin/sh -c "/usr/bin/printf 'caf\\\\303\\\\251 \\\\377\\\\n'; exec sleep 600"
            stdout_syslog=true
            startsecs=0
            """;

    @TempDir
    Path dir;

    private UnixDatagramChannel receiver;

    @AfterEach
    void closeReceiver() throws IOException {
        if (receiver != null) receiver.close();
    }

    @Test
    void eachLineIsOneDatagramPrefixedWithTheProgramName() throws Exception {
        Path socket = dir.resolve("log");
        List<String> got = listen(socket);
        try (Supervisor s = Supervisor.start(Kind.SUPERVISORD_J, dir.resolve("d"), PROGRAMS,
                Map.of("SUPERVISORDJ_SYSLOG_SOCKET", socket.toString()))) {
            List<String> expected = List.of(
                    "<14>TIME supervisord: a one",
                    "<14>TIME supervisord: a two",
                    "<14>TIME supervisord: a ",
                    "<14>TIME supervisord: a three",
                    "<14>TIME supervisord: err on stderr",
                    "<14>TIME supervisord: b b-line",
                    "<14>TIME supervisord: newlines ",
                    "<14>TIME supervisord: capturer shown ",
                    "<14>TIME supervisord: capturer  and shown too, long enough",
                    "<14>TIME supervisord: bytes caf\u00c3\u00a9 \u00ff"); // the bytes as they came (ISO-8859-1 here)
            Proc.await(Duration.ofSeconds(60), "all " + expected.size() + " datagrams, got " + got, () -> got.size() >= expected.size());
            List<String> masked = new ArrayList<>();
            for (String d : got) masked.add(d.replaceFirst("^<14>[A-Z][a-z]{2} [ 1-3][0-9] \\d\\d:\\d\\d:\\d\\d ", "<14>TIME "));
            for (String name : List.of("a ", "err ", "b ", "newlines ", "capturer ", "bytes ")) {
                assertEquals(only(expected, name), only(masked, name), "the datagrams of " + name.strip() + " in " + got);
            }
            assertEquals(expected.size(), got.size(), "no other datagram: " + got);
            // stdout_syslog adds syslog to the log file; stdout_logfile=syslog writes no file.
            assertEquals("one\ntwo\n\nthree\n", Files.readString(childLog(s.dir, "a-stdout")));
            assertFalse(Files.exists(childLog(s.dir, "b-stdout")), "b has no stdout log file");
            assertFalse(s.read("supervisord.log").contains("syslog is ignored"), s.read("supervisord.log"));
        }
    }

    @Test
    void aMissingSocketIsWarnedAboutOnceAndTheLogFileStillGetsEverything() throws Exception {
        Path socket = dir.resolve("nobody-listens");
        try (Supervisor s = Supervisor.start(Kind.SUPERVISORD_J, dir.resolve("d"), """
                [program:chatty]
                command=/bin/sh -c "for i in 1 2 3 4 5; do echo line $i; sleep 0.05; done; exec sleep 600"
                stdout_syslog=true
                startsecs=0
                """, Map.of("SUPERVISORDJ_SYSLOG_SOCKET", socket.toString()))) {
            Proc.await(Duration.ofSeconds(60), "chatty's five lines in its log file",
                    () -> childLogExists(s.dir, "chatty-stdout")
                            && Files.readString(childLog(s.dir, "chatty-stdout")).contains("line 5\n"));
            assertEquals("line 1\nline 2\nline 3\nline 4\nline 5\n", Files.readString(childLog(s.dir, "chatty-stdout")));
            String log = s.read("supervisord.log");
            assertEquals(1, log.lines().filter(l -> l.contains("can't send to syslog through " + socket)).count(), log);
            assertTrue(log.lines().anyMatch(l -> l.contains(" WARN ") && l.contains("can't send to syslog")), log);
        }
    }

    @Test
    void theDaemonsOwnLogfileSyslogSendsEachLineOfAMessageInTheLogFormat() throws Exception {
        Path socket = dir.resolve("log");
        List<String> got = listen(socket);
        Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=syslog\nloglevel=debug\nsilent=true\npidfile=" + dir.resolve("d.pid")
                + "\nchildlogdir=" + dir + "\n[program:p]\ncommand=/usr/bin/printf 'one\\ntwo\\n'\nstartsecs=0\nautorestart=false\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path") + File.pathSeparator + Path.of("target/classes").toAbsolutePath(),
                "org.supervisordj.daemon.Main", "-c", conf.toString())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        pb.environment().put("SUPERVISORDJ_SYSLOG_SOCKET", socket.toString());
        Process daemon = pb.start();
        try {
            // the exit and the echoed output come from different threads, so either may be sent first
            Proc.await(Duration.ofSeconds(60), "p's exit and its echoed output in the daemon's syslog lines, got " + got,
                    () -> got.stream().anyMatch(d -> d.contains(" INFO exited: p (exit status 0; expected)\n"))
                            && got.stream().anyMatch(d -> d.endsWith(" DEBG two\n")));
            String stamp = "<14>[A-Z][a-z]{2} [ 1-3][0-9] \\d\\d:\\d\\d:\\d\\d supervisord: "
                    + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} ";
            List<String> masked = got.stream().map(d -> d.replaceFirst("^" + stamp, "<14>T supervisord: T ")).toList();
            assertTrue(masked.contains("<14>T supervisord: T INFO spawned: 'p' with pid " + pidIn(masked) + "\n"), masked.toString());
            int echo = masked.indexOf("<14>T supervisord: T DEBG 'p' stdout output:\n");
            assertTrue(echo >= 0, masked.toString());
            assertEquals(List.of("<14>T supervisord: T DEBG one\n", "<14>T supervisord: T DEBG two\n"),
                    masked.subList(echo + 1, echo + 3));
            assertTrue(masked.stream().allMatch(d -> d.startsWith("<14>T supervisord: T ")), "every line in the log format: " + got);
            String console = Files.readString(dir.resolve("err")) + Files.readString(dir.resolve("out"));
            assertFalse(console.contains("spawned:"), "silent=true: syslog only, not the console: " + console);
        } finally {
            Proc.stopTree(daemon);
        }
    }

    private static String pidIn(List<String> masked) {
        return masked.stream().filter(d -> d.contains("spawned: 'p' with pid ")).findFirst()
                .map(d -> d.replaceAll("(?s).*with pid (\\d+).*", "$1")).orElse("?");
    }

    private static List<String> only(List<String> datagrams, String prefix) {
        return datagrams.stream().filter(d -> d.startsWith("<14>TIME supervisord: " + prefix)).toList();
    }

    private static boolean childLogExists(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith(prefix + "---"));
        }
    }

    private static Path childLog(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix + "---")).findFirst()
                    .orElse(dir.resolve(prefix + "---none"));
        }
    }

    /** Binds a datagram socket at {@code path}, as syslogd binds /dev/log, and collects what arrives. */
    private List<String> listen(Path path) throws IOException {
        receiver = UnixDatagramChannel.open();
        receiver.bind(new UnixSocketAddress(path.toString()));
        List<String> got = new CopyOnWriteArrayList<>();
        UnixDatagramChannel ch = receiver;
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                while (ch.isOpen()) {
                    buf.clear();
                    ch.receive(buf);
                    buf.flip();
                    if (buf.hasRemaining()) got.add(StandardCharsets.ISO_8859_1.decode(buf).toString());
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "syslog-receiver");
        t.setDaemon(true);
        t.start();
        return got;
    }
}
