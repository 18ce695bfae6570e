package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.posix.Proc;

import picocli.CommandLine;

/** supervisord's command-line options override the file's [supervisord] values (its ServerOptions). */
class ServerOptionsTest {

    @TempDir
    Path dir;

    private Path conf() throws Exception {
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("file.log") + "\npidfile=" + dir.resolve("file.pid")
                + "\nchildlogdir=" + dir + "\nidentifier=fromfile\n\n[program:web]\ncommand=/bin/sh -c 'pwd; exec sleep 600'\n"
                + "startsecs=0\n");
        return conf;
    }

    @Test
    void everyOptionOverridesTheFileAsCheckJsonShows() throws Exception {
        Path conf = conf();
        Path logs = Files.createDirectory(dir.resolve("logs"));
        Path work = Files.createDirectory(dir.resolve("work"));
        CheckRun r = CheckRun.of("-c", conf.toString(), "--json", "-n", "-u", "nobody", "-m", "077", "-d", work.toString(),
                "-l", dir.resolve("cli.log").toString(), "-y", "1KB", "-z", "3", "-e", "debug", "-j", dir.resolve("cli.pid").toString(),
                "-i", "fromcli", "-q", logs.toString(), "-k", "-a", "64", "--minprocs", "50", "-t", "-s");
        assertEquals(0, r.exit(), r.all());
        JsonNode s = new ObjectMapper().readTree(r.out()).get("supervisord");
        assertEquals(dir.resolve("cli.log").toString(), s.get("logfile").asText(), r.out());
        assertEquals(1024, s.get("logfile_maxbytes").asLong(), r.out());
        assertEquals(3, s.get("logfile_backups").asInt());
        assertEquals("debug", s.get("loglevel").asText().toLowerCase());
        assertEquals(dir.resolve("cli.pid").toString(), s.get("pidfile").asText());
        assertEquals("fromcli", s.get("identifier").asText());
        assertEquals(logs.toString(), s.get("childlogdir").asText());
        assertEquals(work.toString(), s.get("directory").asText());
        assertEquals("nobody", s.get("user").asText());
        assertTrue(s.get("nocleanup").asBoolean() && s.get("strip_ansi").asBoolean() && s.get("silent").asBoolean()
                && s.get("nodaemon").asBoolean(), r.out());
        assertEquals(64, s.get("minfds").asInt());
        assertEquals(50, s.get("minprocs").asInt());
        assertTrue(s.get("umask").asText().endsWith("77"), r.out());

        CheckRun longForms = CheckRun.of("-c", conf.toString(), "--json", "--identifier=long", "--loglevel", "warn",
                "--logfile_maxbytes=2KB", "--logfile_backups=0", "--childlogdir", logs.toString(), "--umask=022",
                "--directory=" + work, "--logfile=" + dir.resolve("l.log"), "--pidfile=" + dir.resolve("l.pid"),
                "--minfds=10", "--nocleanup", "--strip_ansi", "--nodaemon", "--user=nobody");
        assertEquals(0, longForms.exit(), longForms.all());
        JsonNode l = new ObjectMapper().readTree(longForms.out()).get("supervisord");
        assertEquals("long", l.get("identifier").asText());
        assertEquals(2048, l.get("logfile_maxbytes").asLong());
        assertEquals(dir.resolve("l.pid").toString(), l.get("pidfile").asText());

        // Before the subcommand too (the daemon's own place for them).
        int exit = new CommandLine(new DaemonCommand()).execute("-i", "parent", "check", "-c", conf.toString());
        assertEquals(0, exit);
        CheckRun none = CheckRun.of("-c", conf.toString(), "--json");
        assertEquals("fromfile", new ObjectMapper().readTree(none.out()).at("/supervisord/identifier").asText());
    }

    @Test
    void aBadValueIsAnErrorNamingTheOption() throws Exception {
        Path conf = conf();
        String[][] bad = {{"-m", "999"}, {"-e", "loud"}, {"-d", dir.resolve("nosuch").toString()},
                {"-l", dir.resolve("nosuch/x.log").toString()}, {"-y", "lots"}, {"-a", "many"}, {"-u", "a:b"}};
        for (String[] b : bad) {
            Run r = run("-c", conf.toString(), b[0], b[1]);
            assertEquals(2, r.exit, b[0] + " " + b[1] + ": " + r.err);
            assertTrue(r.err.startsWith("Error: invalid value for " + b[0] + " '" + b[1] + "': "), r.err);
            assertTrue(r.err.contains("For help, use supervisord-j -h"), r.err);
        }
    }

    @Test
    void helpAndVersion() {
        for (String h : new String[] {"-h", "-?", "--help"}) {
            Run r = run(h);
            assertEquals(0, r.exit, h);
            assertTrue(r.out.contains("--logfile_maxbytes") && r.out.contains("--identifier") && r.out.contains("-?"), r.out);
        }
        for (String v : new String[] {"-v", "--version"}) {
            Run r = run(v);
            assertEquals(0, r.exit, v);
            assertTrue(r.out.startsWith("supervisord-j "), r.out);
        }
    }

    @Test
    void theStartedDaemonUsesTheOverriddenValuesAlsoAfterAReload() throws Exception {
        Path conf = conf();
        Path logs = Files.createDirectory(dir.resolve("logs"));
        Path work = Files.createDirectory(dir.resolve("work"));
        Path log = dir.resolve("cli.log");
        Path pid = dir.resolve("cli.pid");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-cp", System.getProperty("java.class.path") + File.pathSeparator
                        + Path.of("").toAbsolutePath().resolve("target/classes"),
                "org.supervisordj.daemon.Main", "-c", conf.toString(), "-n", "-i", "fromcli", "-l", log.toString(),
                "-j", pid.toString(), "-q", logs.toString(), "-d", work.toString(), "-e", "warn"));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile()).start();
        try {
            Proc.await(Proc.DEADLINE, "web's AUTO log in -q's directory, named with -i's identifier, showing -d",
                    () -> autoLog(logs).map(f -> read(f).contains(work.toString())).orElse(false));
            assertTrue(autoLog(logs).get().getFileName().toString().contains("---fromcli-"), autoLog(logs).toString());
            assertEquals(Long.toString(p.pid()), Files.readString(pid).strip());
            assertTrue(!Files.exists(dir.resolve("file.log")) && !Files.exists(dir.resolve("file.pid")));
            // A reload rereads the file; the command line still wins.
            Files.writeString(conf, Files.readString(conf) + "\n[program:more]\ncommand=/bin/sleep 600\nstartsecs=0\n");
            new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
            Proc.await(Proc.DEADLINE, "the SIGHUP warning in -l's log", () -> read(log).contains("received SIGHUP"));
            Proc.await(Proc.DEADLINE, "more's AUTO log with -i's identifier", () -> {
                try (Stream<Path> s = Files.list(logs)) {
                    return s.anyMatch(f -> f.getFileName().toString().startsWith("more-stdout---fromcli-"));
                }
            });
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), read(dir.resolve("err")));
        assertTrue(!read(log).contains(" INFO "), "-e warn: no INFO line expected in\n" + read(log));
    }

    private static java.util.Optional<Path> autoLog(Path logs) throws Exception {
        try (Stream<Path> s = Files.list(logs)) {
            return s.filter(f -> f.getFileName().toString().startsWith("web-stdout---")).findFirst();
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cl = new CommandLine(new DaemonCommand());
            int exit = cl.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
