package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.config.ConfigMutator;

import picocli.CommandLine;

/**
 * {@code supervisord-j check}, run in-process: secrets in broken lines are not echoed (text or
 * --json, which masks environment values unless --show-secrets), and mutated corpus files give
 * exit 0 or 1 with located errors, never a stack trace.
 */
class CheckSafetyTest {

    private static final Pattern LOCATED_ERROR = Pattern.compile("error: /\\S+:\\d+: .*");
    private static final int CASES = Integer.getInteger("fuzz.check.cases", 300);

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    /** Runs check with System.out/err captured (tests in a JVM run one at a time). */
    private static synchronized Result check(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            List<String> argv = new ArrayList<>(List.of("check"));
            argv.addAll(List.of(args));
            int exit = new CommandLine(new DaemonCommand()).execute(argv.toArray(new String[0]));
            return new Result(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private String head() {
        return "[supervisord]\nlogfile=" + dir.resolve("s.log") + "\npidfile=" + dir.resolve("s.pid") + "\n";
    }

    @Test
    void secretsInBrokenLinesAreNotEchoedByCheckNorItsJson() throws Exception {
        String[] broken = {
                "[program:a]\ncommand=/bin/true\nenvironment=API_KEY=\"s3cr3t-unclosed\n",
                "[program:a]\ncommand=/bin/true\nenvironment=API_KEY=s3cr3t-one s3cr3t-two\n",
                "[program:a]\ncommand=/bin/true\nenvironment=API_KEY=s3cr3t-1\nenvironment=API_KEY=s3cr3t-2\n",
                "environment=DB=s3cr3t-one s3cr3t-two\n[program:a]\ncommand=/bin/true\n",
                "[inet_http_server]\nport=127.0.0.1:9001\nusername=u\npassword=s3cr3t-1\npassword=\"s3cr3t 2\n",
                "[supervisorctl]\npassword=s3cr3t-%\n"};
        Path f = dir.resolve("s.conf");
        for (String b : broken) {
            Files.writeString(f, head() + b);
            for (Result r : List.of(check("-c", f.toString()), check("-c", f.toString(), "--json"))) {
                assertFalse(r.out().contains("s3cr3t") || r.err().contains("s3cr3t"), b + "\n->\n" + r.out() + r.err());
                assertTrue(r.err().contains(f + ":"), r.err());
            }
        }
        Files.writeString(f, head() + "[program:a]\ncommand=/bin/true\nenvironment=API_KEY=\"s3cr3t-key\"\n");
        Result masked = check("-c", f.toString(), "--json");
        assertEquals(0, masked.exit(), masked.err());
        assertFalse(masked.out().contains("s3cr3t"), masked.out());
        assertTrue(check("-c", f.toString(), "--json", "--show-secrets").out().contains("s3cr3t-key"));
    }

    @Test
    void aWorldReadableEnvironmentFileIsWarnedAboutByCheckWithoutItsContent() throws Exception {
        Path env = dir.resolve("app.env");
        Files.writeString(env, "API_KEY=s3cr3t\n");
        Files.setPosixFilePermissions(env, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path f = dir.resolve("s.conf");
        Files.writeString(f, head() + "[program:a]\ncommand=/bin/true\nenvironment_file=" + env + "\n");
        Result r = check("-c", f.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("warning: " + f + ":6: [program:a] environment_file: " + env
                + " is readable by every user"), r.err());
        Result json = check("-c", f.toString(), "--json");
        assertTrue(json.out().contains("is readable by every user") && !json.out().contains("s3cr3t"), json.out());
    }

    @Test
    void mutatedCorpusConfigsGiveLocatedErrorsNotStackTraces() throws Exception {
        ConfigMutator.assumeCorpus();
        ConfigMutator mutator = ConfigMutator.over(dir.resolve("corpus"));
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES && failures.size() < 3; i++) {
            ConfigMutator.Case c = mutator.next(i);
            c.apply();
            try {
                Result r = check("-c", c.target().root().toString());
                boolean traced = r.err().contains("Exception") || r.err().contains("\tat ");
                boolean unlocated = r.err().lines().anyMatch(l -> l.startsWith("error: ") && !LOCATED_ERROR.matcher(l).matches());
                if ((r.exit() != 0 && r.exit() != 1) || traced || unlocated) failures.add(c + ": exit " + r.exit() + "\n" + r.err());
            } finally {
                mutator.restore(c);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
