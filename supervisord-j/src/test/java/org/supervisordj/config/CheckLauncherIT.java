package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real launcher, {@code supervisord-j/bin/supervisord-j check -c FILE}, on every corpus
 * file after {@code package}: exit 0 for what supervisord accepts, exit 1 naming file:line for
 * what it rejects.
 */
class CheckLauncherIT {

    private static final Path LAUNCHER = Path.of("bin/supervisord-j").toAbsolutePath();
    private static final Pattern FILE_LINE = Pattern.compile("error: /\\S+:\\d+: ");

    @TempDir
    Path work;

    private record Result(int exit, String out, String err) {
    }

    private Result check(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "check"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
        pb.environment().putAll(Corpus.ENV);
        pb.redirectOutput(work.resolve("out").toFile()).redirectError(work.resolve("err").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "check timed out: " + command);
        return new Result(p.exitValue(), Files.readString(work.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(work.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void launcherChecksEveryCorpusFileWithSupervisordsVerdict() throws Exception {
        Corpus.assumePresent();
        List<String> wrong = new ArrayList<>();
        for (Corpus.Entry e : Corpus.layOut(work.resolve("corpus"))) {
            if (e.needsSiblings() && e.file().contains("ONLYOFFICE")) continue; // its siblings are not in the corpus
            Result r = check("-c", e.root().toString(), "--portable"); // written for other hosts
            int expected = e.invalid() ? 1 : 0;
            if (r.exit() != expected) wrong.add(e.file() + ": exit " + r.exit() + "\n" + r.err());
            if (e.invalid() && !FILE_LINE.matcher(r.err()).find()) wrong.add(e.file() + ": no file:line in\n" + r.err());
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void jsonDumpIsTheResolvedConfiguration() throws Exception {
        Path conf = work.resolve("s.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=/tmp/x.log\n[program:w]\ncommand=/bin/sleep %(process_num)d\n"
                + "numprocs=2\nprocess_name=w%(process_num)d\nenvironment=A=\"1,2\"\nexitcodes=0,2\nstopsignal=SIGQUIT\n");
        Result r = check("-c", conf.toString(), "--json", "--show-secrets");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(2, json.get("programs").size());
        JsonNode w1 = json.get("programs").get(1);
        assertEquals("w1", w1.get("name").asText());
        assertEquals("w", w1.get("group").asText());
        assertEquals("/bin/sleep 1", w1.get("command").asText());
        assertEquals("unexpected", w1.get("autorestart").asText());
        assertEquals("[0,2]", w1.get("exitcodes").toString());
        assertEquals("QUIT", w1.get("stopsignal").asText());
        assertEquals("1,2", w1.get("environment").get("A").asText());
        assertEquals(52428800L, w1.get("stdout_logfile_maxbytes").asLong());
        assertEquals("w", json.get("groups").get(0).get("name").asText());
        assertTrue(json.get("warnings").isArray());
        JsonNode masked = new ObjectMapper().readTree(check("-c", conf.toString(), "--json").out());
        assertEquals("********", masked.get("programs").get(1).get("environment").get("A").asText());
    }

    @Test
    void allErrorsAreReportedAndExitIsOne() throws Exception {
        Path conf = work.resolve("bad.conf");
        Files.writeString(conf, "[supervisord]\n[program:a]\ncommand=/bin/true\nstartsecs=x\nauto_start=true\n"
                + "[program:b]\nautorestart=always\n");
        Result r = check("-c", conf.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(conf + ":4: [program:a] startsecs: not an integer: 'x'"), r.err());
        assertTrue(r.err().contains(conf + ":5: [program:a] auto_start: unknown option 'auto_start' ignored; did you mean 'autostart'?"), r.err());
        assertTrue(r.err().contains(conf + ":7: [program:b] autorestart: invalid 'autorestart' value 'always'"), r.err());
        assertTrue(r.err().contains("does not specify a command"), r.err());
        assertTrue(r.err().contains("test failed (3 errors)"), r.err());
    }

    @Test
    void deployFindingsComeThroughTheLauncher() throws Exception {
        Path conf = work.resolve("deploy.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + work.resolve("d.log") + "\npidfile=" + work.resolve("d.pid")
                + "\n[program:w]\ncommand=/bin/sleep 100\nenvironment=API_TOKEN=\"tok-never-printed\"\nuser=nobody\n");
        Result r = check("-c", conf.toString(), "--deploy", "--json");
        assertEquals(1, r.exit(), r.err());
        JsonNode finding = new ObjectMapper().readTree(r.out()).get("findings").get(0);
        assertEquals("deploy.W001", finding.get("id").asText());
        assertEquals(6, finding.get("line").asInt());
        assertTrue(!(r.out() + r.err()).contains("tok-never-printed"), r.out() + r.err());
        Result skipped = check("-c", conf.toString(), "--deploy", "--skip", "inline-secret");
        assertEquals(0, skipped.exit(), skipped.err());
    }

    @Test
    void missingFileIsAClearError() throws Exception {
        Result r = check("-c", work.resolve("nope.conf").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("nope.conf: could not read the file: no such file"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }
}
