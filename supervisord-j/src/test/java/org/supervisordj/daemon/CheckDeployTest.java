package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code supervisord-j check --deploy} through the real command: each configuration below triggers
 * exactly one check, a clean one triggers none. The app servers are stand-in scripts named like the
 * real ones: the checks read the command line, not the binary.
 */
class CheckDeployTest {

    private static final String SECRET = "hunter2-do-not-print-me";

    @TempDir
    Path dir;
    private Path bin;

    @BeforeEach
    void standInServers() throws Exception {
        // The programs run as nobody, and check makes sure nobody may reach their commands (JUnit's dir is 0700).
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        bin = Files.createDirectory(dir.resolve("bin"));
        for (String name : List.of("gunicorn", "uwsgi", "uvicorn", "celery", "nginx")) {
            Path p = bin.resolve(name);
            Files.writeString(p, "#!/bin/sh\nexec sleep 100\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** A root file with a private socket and the given sections (which use %(bin)s for the stand-ins). */
    private Path conf(String sections) throws Exception {
        Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("d.log") + "\npidfile=" + dir.resolve("d.pid")
                + "\nchildlogdir=" + dir + "\n[unix_http_server]\nfile=" + dir.resolve("s.sock") + "\nchmod=0700\n"
                + sections.replace("%(bin)s", bin.toString()));
        return conf;
    }

    private static Set<String> ids(CheckRun r) throws Exception {
        JsonNode json = new ObjectMapper().readTree(r.out());
        Set<String> ids = new TreeSet<>();
        for (JsonNode f : json.get("findings")) {
            ids.add(f.get("id").asText());
            assertTrue(f.get("line").asInt() > 0 && f.get("file").asText().startsWith("/"), f.toString());
            assertFalse(f.get("fix").asText().isEmpty(), f.toString());
        }
        return ids;
    }

    /** Checks that {@code sections} trigger exactly {@code id}, in JSON and in text, with file:line and a fix. */
    private CheckRun assertOnly(String id, String sections) throws Exception {
        Path conf = conf(sections);
        CheckRun json = CheckRun.of("-c", conf.toString(), "--deploy", "--json");
        assertEquals(1, json.exit(), json.all());
        assertEquals(Set.of(id), ids(json), json.all());
        CheckRun text = CheckRun.of("-c", conf.toString(), "--deploy");
        assertEquals(1, text.exit(), text.all());
        assertTrue(text.err().contains("warning: " + conf + ":") && text.err().contains("(" + id + ") ")
                && text.err().contains("    fix: "), text.all());
        assertFalse(text.all().contains(SECRET) || json.all().contains(SECRET), "a secret was printed:\n" + text.all());
        return text;
    }

    @Test
    void aCleanConfigurationHasNoFindings() throws Exception {
        Path nginxConf = dir.resolve("nginx.conf");
        Files.writeString(nginxConf, "# daemon on; in a comment does not count\ndaemon off;\nevents {}\n");
        Path env = dir.resolve("app.env");
        Files.writeString(env, "SECRET_KEY=" + SECRET + "\n");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
        Path conf = conf("[inet_http_server]\nport=127.0.0.1:9001\nusername=ops\npassword=a-long-random-password-1\n"
                + "[program:web]\ncommand=%(bin)s/gunicorn -w 3 app:wsgi\nuser=nobody\nstopasgroup=true\n"
                + "environment=DJANGO_DEBUG=\"false\",DB_PASSWORD=\"%(ENV_HOME)s\"\nenvironment_file=" + env + "\n"
                + "[program:api]\ncommand=sh -c \"exec %(bin)s/uvicorn --workers 1 app:asgi\"\nuser=nobody\n"
                + "[program:uwsgi]\ncommand=%(bin)s/uwsgi --master --die-on-term\nuser=nobody\nkillasgroup=true\n"
                + "[program:worker]\ncommand=%(bin)s/celery -A proj worker\nuser=nobody\nstopasgroup=true\n"
                + "[program:nginx]\ncommand=%(bin)s/nginx -c " + nginxConf + "\n"
                + "[program:nginx2]\ncommand=%(bin)s/nginx -g 'daemon off;'\n"
                + "[program:console]\ncommand=/bin/sleep 100\nuser=nobody\nstdout_logfile=/dev/stdout\nstdout_logfile_maxbytes=0\n"
                + "[program:once]\ncommand=/bin/true\nuser=nobody\nautorestart=false\nstartsecs=0\n");
        CheckRun r = CheckRun.of("-c", conf.toString(), "--deploy");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("deploy check found no issues"), r.all());
        CheckRun json = CheckRun.of("-c", conf.toString(), "--deploy", "--json");
        assertEquals(0, json.exit(), json.all());
        assertEquals(Set.of(), ids(json));
    }

    @Test
    void w001SecretWrittenInline() throws Exception {
        CheckRun r = assertOnly("deploy.W001", "[program:p]\ncommand=/bin/sleep 100\nuser=nobody\n"
                + "environment=DEBUG=\"0\",DB_PASSWORD=\"" + SECRET + "\"\n");
        assertTrue(r.err().contains("DB_PASSWORD looks like a secret"), r.all());
        assertOnly("deploy.W001", "[program:p]\ncommand=/bin/sleep 100\nuser=nobody\n"
                + "environment=DATABASE_URL=\"postgres://app:" + SECRET + "@db/app\"\n");
        assertOnly("deploy.W001", "[supervisord]\nenvironment=GITHUB_TOKEN=\"" + SECRET + "\"\n"
                + "[program:p]\ncommand=/bin/sleep 100\nuser=nobody\n");
    }

    @Test
    void w002EnvironmentFileReadableByOthers() throws Exception {
        Path env = dir.resolve("app.env");
        Files.writeString(env, "SECRET_KEY=" + SECRET + "\n");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));
        assertOnly("deploy.W002", "[program:p]\ncommand=/bin/sleep 100\nuser=nobody\nenvironment_file=" + env + "\n");
    }

    @Test
    void w003RunsAsRoot() throws Exception {
        assertOnly("deploy.W003", "[program:p]\ncommand=%(bin)s/uvicorn app:asgi\n");
        assertOnly("deploy.W003", "[program:p]\ncommand=/bin/sleep 100\nuser=root\n");
        // A server that drops privileges by itself is left alone.
        CheckRun r = CheckRun.of("-c", conf("[program:p]\ncommand=%(bin)s/gunicorn --user nobody app\nstopasgroup=true\n")
                .toString(), "--deploy");
        assertEquals(0, r.exit(), r.all());
    }

    @Test
    void w004ControlApiWithoutTlsBeyondLoopback() throws Exception {
        assertOnly("deploy.W004", "[inet_http_server]\nport=0.0.0.0:9001\nusername=ops\npassword=a-long-random-password-1\n"
                + "[program:p]\ncommand=/bin/sleep 100\nuser=nobody\n");
    }

    @Test
    void w005WeakOrNoPassword() throws Exception {
        CheckRun r = assertOnly("deploy.W005", "[inet_http_server]\nport=127.0.0.1:9001\nusername=ops\npassword=" + SECRET.substring(0, 7) + "\n"
                + "[program:p]\ncommand=/bin/sleep 100\nuser=nobody\n");
        assertTrue(r.err().contains("shorter than 12"), r.all());
        assertOnly("deploy.W005", "[inet_http_server]\nport=127.0.0.1:9001\n[program:p]\ncommand=/bin/sleep 100\nuser=nobody\n");
        assertOnly("deploy.W005", "[inet_http_server]\nport=127.0.0.1:9001\nusername=ops\npassword=changeme\n"
                + "[program:p]\ncommand=/bin/sleep 100\nuser=nobody\n");
    }

    @Test
    void w006SocketOpenToEveryone() throws Exception {
        assertOnly("deploy.W006", "[unix_http_server]\nchmod=0777\n[program:p]\ncommand=/bin/sleep 100\nuser=nobody\n");
    }

    @Test
    void w007WorkersWithoutGroupSignals() throws Exception {
        assertOnly("deploy.W007", "[program:p]\ncommand=%(bin)s/gunicorn -w 3 app:wsgi\nuser=nobody\n");
        assertOnly("deploy.W007", "[program:p]\ncommand=sh -c 'cd /tmp; exec %(bin)s/gunicorn app:wsgi'\nuser=nobody\n");
        assertOnly("deploy.W007", "[program:p]\ncommand=/usr/bin/python3 -m gunicorn app:wsgi\nuser=nobody\n");
        assertOnly("deploy.W007", "[program:p]\ncommand=/usr/bin/env FOO=1 %(bin)s/uvicorn --workers 4 app:asgi\nuser=nobody\n");
        assertOnly("deploy.W007", "[program:p]\ncommand=%(bin)s/celery -A proj worker -l info\nuser=nobody\n");
        assertOnly("deploy.W007", "[program:p]\ncommand=%(bin)s/uwsgi --master --die-on-term\nuser=nobody\n");
    }

    @Test
    void w008ServerDaemonizesItself() throws Exception {
        assertOnly("deploy.W008", "[program:p]\ncommand=%(bin)s/gunicorn --daemon app:wsgi\nuser=nobody\nstopasgroup=true\n");
        assertOnly("deploy.W008", "[program:p]\ncommand=%(bin)s/gunicorn -D app:wsgi\nuser=nobody\nstopasgroup=true\n");
        assertOnly("deploy.W008", "[program:p]\ncommand=%(bin)s/uwsgi --die-on-term --daemonize /tmp/u.log\nuser=nobody\n"
                + "stopasgroup=true\n");
        assertOnly("deploy.W008", "[program:p]\ncommand=%(bin)s/celery -A proj worker --detach\nuser=nobody\nstopasgroup=true\n");
        Path nginxConf = dir.resolve("site/nginx.conf");
        Files.createDirectories(nginxConf.getParent());
        Files.writeString(nginxConf, "# daemon off;\nworker_processes 2;\nevents {}\n");
        // -c is relative to -p, as nginx resolves it.
        CheckRun r = assertOnly("deploy.W008", "[program:p]\ncommand=%(bin)s/nginx -p " + nginxConf.getParent() + " -c nginx.conf\n");
        assertTrue(r.err().contains("no \"daemon off;\" in " + nginxConf), r.all());
    }

    @Test
    void w009UwsgiWithoutDieOnTerm() throws Exception {
        assertOnly("deploy.W009", "[program:p]\ncommand=%(bin)s/uwsgi --master --processes 4\nuser=nobody\nstopasgroup=true\n");
        // Its ini file can say it too.
        Path ini = dir.resolve("app.ini");
        Files.writeString(ini, "[uwsgi]\nmaster = true\ndie-on-term = true\n");
        CheckRun r = CheckRun.of("-c", conf("[program:p]\ncommand=%(bin)s/uwsgi --ini " + ini + "\nuser=nobody\nstopasgroup=true\n")
                .toString(), "--deploy");
        assertEquals(0, r.exit(), r.all());
    }

    @Test
    void w010LongRunningServerNotRestarted() throws Exception {
        assertOnly("deploy.W010", "[program:p]\ncommand=%(bin)s/nginx -g 'daemon off;'\nautorestart=false\n");
    }

    @Test
    void w011LogWithoutRotation() throws Exception {
        assertOnly("deploy.W011", "[program:p]\ncommand=/bin/sleep 100\nuser=nobody\nstdout_logfile=" + dir.resolve("p.log")
                + "\nstdout_logfile_maxbytes=0\nredirect_stderr=true\n");
    }

    @Test
    void findingsAreSilencedByIdOnTheCommandLineOrInTheSection() throws Exception {
        Path conf = conf("[program:p]\ncommand=/bin/sleep 100\n[program:q]\ncommand=/bin/sleep 100\ndeploy_skip=runs-as-root\n");
        CheckRun json = CheckRun.of("-c", conf.toString(), "--deploy", "--json");
        assertEquals(1, json.exit(), json.all());
        JsonNode out = new ObjectMapper().readTree(json.out());
        assertEquals(1, out.get("findings").size(), json.all());
        assertEquals("program:p", out.get("findings").get(0).get("section").asText());
        assertEquals(1, out.get("silenced").asInt());
        for (String skip : List.of("deploy.W003", "W003", "runs-as-root")) {
            CheckRun r = CheckRun.of("-c", conf.toString(), "--deploy", "--skip", skip);
            assertEquals(0, r.exit(), r.all());
            assertTrue(r.err().contains("found no issues (2 silenced)"), r.all());
        }
        Path everywhere = dir.resolve("everywhere.conf");
        Files.writeString(everywhere, Files.readString(conf).replace("[supervisord]\n", "[supervisord]\ndeploy_skip=W003\n"));
        CheckRun global = CheckRun.of("-c", everywhere.toString(), "--deploy");
        assertEquals(0, global.exit(), global.all());
        assertTrue(global.err().contains("found no issues (2 silenced)"), global.all());
        CheckRun bad = CheckRun.of("-c", conf.toString(), "--deploy", "--skip", "W999");
        assertEquals(2, bad.exit(), bad.all());
        assertTrue(bad.err().contains("--skip W999: no deploy check has that id"), bad.all());
        Files.writeString(conf, Files.readString(conf).replace("deploy_skip=runs-as-root", "deploy_skip=W042"));
        CheckRun badKey = CheckRun.of("-c", conf.toString(), "--deploy");
        assertEquals(1, badKey.exit(), badKey.all());
        assertTrue(badKey.err().contains(conf + ":12: [program:q] deploy_skip: no deploy check is called 'W042'"), badKey.all());
    }

    @Test
    void theDjangoExampleIsClean() throws Exception {
        assumeCommands("gunicorn", "nginx");
        assertExampleClean("django", "%(here)s/django.env", "django.conf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gunicorn", "uwsgi", "uvicorn", "daphne", "hypercorn"})
    void theAppServerExamplesAreClean(String server) throws Exception {
        assumeCommands("nginx", server.equals("uvicorn") ? "python3" : server);
        assertExampleClean("appservers", "%(here)s/../django/django.env", "common.conf", server + ".conf");
    }

    /**
     * check --deploy of conf.d/examples/{@code name}'s {@code files} finds nothing, with the environment
     * file they name ({@code envFile}; the real one is not in git) pointed at a 0600 copy of the django example's.
     */
    private void assertExampleClean(String name, String envFile, String... files) throws Exception {
        Path examples = Path.of("..", "conf.d", "examples").toAbsolutePath().normalize();
        Path example = examples.resolve(name);
        Path env = Files.createTempFile(dir, "django", ".env");
        Files.copy(examples.resolve("django/django.env.example"), env, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
        StringBuilder include = new StringBuilder();
        for (String f : files) {
            String text = Files.readString(example.resolve(f)).replace(envFile, env.toString()).replace("%(here)s", example.toString());
            Path copy = dir.resolve(f);
            Files.writeString(copy, text);
            include.append(' ').append(copy);
        }
        CheckRun r = CheckRun.of("-c", conf("[include]\nfiles=" + include.toString().strip() + "\n").toString(), "--deploy");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("deploy check found no issues"), r.all());
    }

    @Test
    void theDemoOnlyRunsAsRoot() throws Exception {
        Path demo = Path.of("..", "conf.d", "demo.conf").toAbsolutePath().normalize();
        CheckRun r = CheckRun.of("-c", demo.toString(), "--deploy", "--json");
        assertEquals(1, r.exit(), r.all());
        List<String> sections = new ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(r.out()).get("findings")) {
            assertEquals("deploy.W003", f.get("id").asText(), r.all());
            sections.add(f.get("section").asText());
        }
        assertEquals(List.of("program:web", "program:worker", "program:flaky"), sections);
    }

    private static void assumeCommands(String... names) {
        for (String n : names) {
            boolean found = false;
            for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                found |= Files.isExecutable(Path.of(d, n));
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(found, n + " is not installed (the example's commands must exist for check)");
        }
    }
}
