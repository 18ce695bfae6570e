package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets planted in broken secret-bearing lines (an unclosed quote, an unquoted space, a
 * duplicated key, a bad % format) never come back in a problem's text or in the JSON dump; the
 * problems still name file, line, section and key.
 */
class SecretsTest {

    /** Configurations whose every secret contains "s3cr3t". */
    static final List<String> BROKEN = List.of(
            "[program:a]\ncommand=/bin/true\nenvironment=API_KEY=\"s3cr3t-unclosed\n",
            "[program:a]\ncommand=/bin/true\nenvironment=API_KEY=s3cr3t-one s3cr3t-two\n",
            "[program:a]\ncommand=/bin/true\nenvironment=API_KEY=s3cr3t-first\nenvironment=API_KEY=s3cr3t-second\n",
            "[program:a]\ncommand=/bin/true\nenvironment=API_KEY=s3cr3t-%(ENV_NOPE)s\n",
            "[program:a]\ncommand=/bin/true\nenvironment=API_KEY=s3cr3t-100%\n",
            "[program:a]\ncommand=/bin/true\nenvironment=API_KEY=s3cr3t,s3cr3t-x,=\n",
            "environment=DB_PASSWORD=\"s3cr3t-unclosed\n[program:a]\ncommand=/bin/true\n",
            "environment=DB_PASSWORD=s3cr3t-one s3cr3t-two\n[program:a]\ncommand=/bin/true\n",
            "environment=DB_PASSWORD=s3cr3t-first\nenvironment=DB_PASSWORD=s3cr3t-second\n[program:a]\ncommand=/bin/true\n",
            "[inet_http_server]\nport=127.0.0.1:9001\nusername=u\npassword=\"s3cr3t-unclosed\npassword=s3cr3t two\n",
            "[inet_http_server]\nport=127.0.0.1:9001\nusername=u\npassword=s3cr3t-%(nope)s\n",
            "[inet_http_server]\nport=127.0.0.1:9001\npassword=s3cr3t-no-user\nkeystore_password=s3cr3t-k%\n",
            "[supervisorctl]\npassword=s3cr3t-first\npassword=s3cr3t-100%\n",
            "[unix_http_server]\nfile=/tmp/x.sock\nusername=u\npassword=s3cr3t-first\npassword=s3cr3t-second\n");

    @TempDir
    Path dir;

    static String head(Path dir) {
        return "[supervisord]\nlogfile=" + dir.resolve("s.log") + "\npidfile=" + dir.resolve("s.pid") + "\n";
    }

    private List<ConfigProblem> problems(String text) throws IOException {
        Path f = dir.resolve("s.conf");
        Files.writeString(f, text);
        HostileLoad.Outcome o = HostileLoad.load(f, Map.of("HOME", "/root"));
        if (o.config() != null) {
            String json = new ObjectMapper().writeValueAsString(ConfigJson.of(o.config()));
            assertFalse(json.contains("s3cr3t"), json);
        }
        return o.problems();
    }

    @Test
    void brokenSecretLinesAreReportedWithoutTheirValues() throws IOException {
        for (String broken : BROKEN) {
            List<ConfigProblem> ps = problems(head(dir) + broken);
            String all = ps.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
            assertFalse(ps.isEmpty(), "no problem reported for\n" + broken);
            assertFalse(all.contains("s3cr3t"), "secret echoed for\n" + broken + "\n->\n" + all);
            assertTrue(ps.stream().allMatch(p -> p.file() != null && p.line() > 0), all);
        }
    }

    @Test
    void jsonMasksEnvironmentValuesUnlessAsked() throws Exception {
        Path f = dir.resolve("s.conf");
        Files.writeString(f, head(dir) + "environment=TOP=s3cr3t-top\n[program:a]\ncommand=/bin/true\n"
                + "environment=API_KEY=\"s3cr3t-key\"\n");
        Configuration c = new ConfigLoader(new ConfigLoader.Options(Map.of(), "h", dir, false)).load(f);
        ObjectMapper json = new ObjectMapper();
        String masked = json.writeValueAsString(ConfigJson.of(c));
        assertFalse(masked.contains("s3cr3t"), masked);
        assertTrue(masked.contains("\"API_KEY\":\"" + Secrets.MASK + "\""), masked);
        assertTrue(json.writeValueAsString(ConfigJson.of(c, true)).contains("s3cr3t-key"));
    }

    @Test
    void worldReadableEnvironmentFileIsWarnedAbout() throws Exception {
        Path env = dir.resolve("app.env");
        Files.writeString(env, "API_KEY=s3cr3t\n");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));
        Path f = dir.resolve("s.conf");
        Files.writeString(f, head(dir) + "[program:a]\ncommand=/bin/true\nenvironment_file=" + env + "\n");
        Configuration c = new ConfigLoader(new ConfigLoader.Options(Map.of(), "h", dir, false)).load(f);
        String warnings = c.warnings().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
        assertTrue(warnings.contains(f + ":6: [program:a] environment_file: ") && warnings.contains("readable by every user"),
                warnings);
        assertFalse(warnings.contains("s3cr3t"), warnings);
        Files.writeString(f, head(dir) + "[program:a]\ncommand=/bin/true\nenvironment_file=" + env + "\nnumprocs=3\n"
                + "process_name=a%(process_num)d\n");
        assertEquals(1, new ConfigLoader(new ConfigLoader.Options(Map.of(), "h", dir, false)).load(f).warnings().size(),
                "one warning for one file, not one per process");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
        assertTrue(new ConfigLoader(new ConfigLoader.Options(Map.of(), "h", dir, false)).load(f).warnings().isEmpty());
    }
}
