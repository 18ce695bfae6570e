package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static final String HEAD = "[supervisord]\nlogfile=/tmp/sd-test.log\npidfile=/tmp/sd-test.pid\n";

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private Configuration load(String rootText, Map<String, String> env) throws Exception {
        Path root = write("supervisord.conf", rootText);
        return new ConfigLoader(new ConfigLoader.Options(env, "box", dir, false)).load(root);
    }

    private Configuration load(String rootText) throws Exception {
        return load(rootText, Map.of("HOME", "/root"));
    }

    private List<ConfigProblem> errors(String rootText) throws IOException {
        Path root = write("supervisord.conf", rootText);
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(new ConfigLoader.Options(Map.of(), "box", dir, false)).load(root));
        return e.problems().stream().filter(ConfigProblem::isError).toList();
    }

    private static ProgramConfig program(Configuration c, String name) {
        return c.programs().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void defaultsAreSupervisords() throws Exception {
        ProgramConfig p = program(load(HEAD + "[program:web]\ncommand=/bin/sleep 10\n"), "web");
        assertEquals(999, p.priority());
        assertTrue(p.autostart());
        assertEquals(1, p.startsecs());
        assertEquals(3, p.startretries());
        assertEquals(Autorestart.UNEXPECTED, p.autorestart());
        assertEquals(List.of(0), p.exitcodes());
        assertEquals("TERM", p.stopsignal());
        assertEquals(10, p.stopwaitsecs());
        assertFalse(p.stopasgroup());
        assertFalse(p.killasgroup());
        assertEquals(LogTarget.AUTO, p.stdout().logfile());
        assertEquals(50L * 1024 * 1024, p.stdout().maxbytes());
        assertEquals(10, p.stderr().backups());
        assertEquals(List.of("/bin/sleep", "10"), p.argv());
        assertNull(p.directory());
        assertNull(p.umask());
        assertEquals("web", p.namespec());
    }

    @Test
    void includeGlobsResolveAgainstTheIncludingFileAndSectionsMerge() throws Exception {
        write("conf.d/a.conf", "[program:a]\ncommand=/bin/true\n[supervisord]\nnodaemon=true\n");
        write("conf.d/b.conf", "[program:b]\ncommand=/bin/true\ndirectory=%(here)s\n");
        write("conf.d/skip.txt", "[program:c]\ncommand=/bin/true\n");
        Configuration c = load(HEAD + "nodaemon=false\n[include]\nfiles=conf.d/*.conf\n");
        assertEquals(List.of("a", "b"), c.programs().stream().map(ProgramConfig::name).toList());
        assertTrue(c.supervisord().nodaemon(), "the included [supervisord] merges, last value wins");
        assertEquals(dir.resolve("conf.d").toString(), program(c, "b").directory(), "%(here)s is the included file's dir");
        assertTrue(c.warnings().stream().anyMatch(w -> w.key() != null && w.key().equals("nodaemon")));
    }

    @Test
    void includePatternWithoutMatchIsAWarning() throws Exception {
        Configuration c = load(HEAD + "[include]\nfiles=/nonexistent/*.conf\n");
        assertTrue(c.warnings().stream().anyMatch(w -> w.message().contains("No file matches")));
    }

    @Test
    void anEmptyDropInDirectoryIsQuietButAMissingOneOrFileWarns() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Configuration c = load(HEAD + "[include]\nfiles=conf.d/*.conf\n"); // a fresh package's conf.d/
        assertEquals(List.of(), c.warnings());
        c = load(HEAD + "[include]\nfiles=confd/*.conf " + dir.resolve("site.conf") + "\n");
        assertEquals(List.of("No file matches via include \"" + dir.resolve("confd/*.conf") + "\"",
                "No file matches via include \"" + dir.resolve("site.conf") + "\""),
                c.warnings().stream().map(ConfigProblem::message).toList());
    }

    @Test
    void includeWithoutFilesIsAnError() throws Exception {
        List<ConfigProblem> errors = errors(HEAD + "[include]\n;files=x\n");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).message().contains("no files setting"));
    }

    @Test
    void numprocsExpandsIntoProcessNamesFromNumprocsStart() throws Exception {
        Configuration c = load(HEAD + "[program:w]\ncommand=/bin/sleep %(process_num)d\nnumprocs=3\nnumprocs_start=5\n"
                + "process_name=%(program_name)s_%(process_num)02d\n");
        assertEquals(List.of("w_05", "w_06", "w_07"), c.programs().stream().map(ProgramConfig::name).toList());
        assertEquals(List.of("/bin/sleep", "6"), program(c, "w_06").argv());
        assertEquals("w:w_06", program(c, "w_06").namespec());
    }

    @Test
    void envVariablesExpandInTypedOptionsBeforeConversion() throws Exception {
        Configuration c = load(HEAD + "[program:w]\ncommand=/bin/true\nnumprocs=%(ENV_N)s\nautostart=%(ENV_AUTO)s\n"
                + "process_name=w%(process_num)d\n", Map.of("N", "2", "AUTO", "false"));
        assertEquals(2, c.programs().size());
        assertFalse(program(c, "w0").autostart());
    }

    @Test
    void supervisordEnvironmentAndProgramEnvironmentBecomeEnvNames() throws Exception {
        Configuration c = load("[supervisord]\nlogfile=/tmp/x.log\nenvironment=FOO=\"from global\"\n"
                + "[program:a]\nenvironment=BAR=\"from [program]\",BAZ=1\ncommand=/bin/echo %(ENV_FOO)s %(ENV_BAR)s\n");
        ProgramConfig a = program(c, "a");
        assertEquals(List.of("/bin/echo", "from", "global", "from", "[program]"), a.argv());
        assertEquals(Map.of("BAR", "from [program]", "BAZ", "1"), a.environment());
        assertEquals(Map.of("FOO", "from global"), c.supervisord().environment());
    }

    @Test
    void processNumIsNotAvailableInOptionsReadBeforeTheLoop() throws Exception {
        List<ConfigProblem> errors = errors(HEAD + "[program:a]\ncommand=/bin/true\npriority=%(process_num)d\n");
        assertEquals(1, errors.size());
        assertEquals("priority", errors.get(0).key());
        assertEquals(6, errors.get(0).line());
    }

    @Test
    void numprocsAboveOneNeedsProcessNumInTheName() throws Exception {
        List<ConfigProblem> errors = errors(HEAD + "[program:a]\ncommand=/bin/true\nnumprocs=2\n");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).message().contains("%(process_num) must be present"));
    }

    @Test
    void everyErrorOfAFileIsReportedAtOnceWithLineAndKey() throws Exception {
        List<ConfigProblem> errors = errors(HEAD + "[program:a]\ncommand=/bin/true\nstartsecs=soon\nautorestart=always\n"
                + "stdout_logfile_maxbytes=10M\n[program:b]\nexitcodes=0,300\n");
        assertEquals(5, errors.size(), errors.toString());
        assertEquals(List.of("startsecs", "autorestart", "stdout_logfile_maxbytes", "command", "exitcodes"),
                errors.stream().map(ConfigProblem::key).toList());
        assertEquals(6, errors.get(0).line());
        assertTrue(errors.get(0).toString().startsWith(dir.resolve("supervisord.conf") + ":6: [program:a] startsecs: "),
                errors.get(0).toString());
        assertTrue(errors.get(1).message().contains("'always'"));
    }

    @Test
    void unknownKeysAreWarningsWithASuggestion() throws Exception {
        Configuration c = load(HEAD + "[program:a]\ncommand=/bin/true\nauto_start=false\npidfile=/x\n");
        ConfigProblem typo = c.warnings().stream().filter(w -> "auto_start".equals(w.key())).findFirst().orElseThrow();
        assertTrue(typo.message().contains("did you mean 'autostart'?"), typo.message());
        assertEquals(6, typo.line());
        assertTrue(program(c, "a").autostart(), "the unknown key changes nothing");
        assertTrue(c.warnings().stream().anyMatch(w -> "pidfile".equals(w.key())));
    }

    @Test
    void unknownAndMiscasedSectionsAreWarnings() throws Exception {
        Configuration c = load(HEAD + "[Program:a]\ncommand=/bin/true\n[taskmasterd]\n[ctlplugin:e]\nsupervisor.ctl_factory=x\n");
        assertTrue(c.programs().isEmpty());
        assertTrue(c.warnings().stream().anyMatch(w -> w.message().contains("did you mean [program:a]?")), c.warnings().toString());
        assertTrue(c.warnings().stream().anyMatch(w -> w.message().contains("not supported yet")));
    }

    @Test
    void groupRegroupsItsPrograms() throws Exception {
        Configuration c = load(HEAD + "[group:web]\nprograms=app,worker\npriority=5\n"
                + "[program:app]\ncommand=/bin/true\n[program:worker]\ncommand=/bin/true\n[program:solo]\ncommand=/bin/true\n");
        assertEquals(List.of("web", "solo"), c.groups().stream().map(GroupConfig::name).toList());
        assertEquals("web:app", program(c, "app").namespec());
        assertEquals("solo", program(c, "solo").namespec());
    }

    @Test
    void groupNamingAnUnknownProgramIsAnError() throws Exception {
        List<ConfigProblem> errors = errors(HEAD + "[group:web]\nprograms=app,ghost\n[program:app]\ncommand=/bin/true\n");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).message().contains("unknown program ghost"));
    }

    @Test
    void duplicateProcessNamesInAGroupAreAnError() throws Exception {
        List<ConfigProblem> errors = errors(HEAD + "[group:g]\nprograms=a,b\n[program:a]\ncommand=/bin/true\nprocess_name=x\n"
                + "[program:b]\ncommand=/bin/true\nprocess_name=x\n");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).message().contains("duplicate process name 'x'"));
    }

    @Test
    void stopasgroupImpliesKillasgroupButExplicitFalseIsAnError() throws Exception {
        assertTrue(program(load(HEAD + "[program:a]\ncommand=/bin/true\nstopasgroup=true\n"), "a").killasgroup());
        List<ConfigProblem> errors = errors(HEAD + "[program:a]\ncommand=/bin/true\nstopasgroup=true\nkillasgroup=false\n");
        assertEquals("killasgroup", errors.get(0).key());
    }

    @Test
    void logfilesAreExpandedTwiceAsInSupervisord() throws Exception {
        ProgramConfig p = program(load(HEAD + "[program:a]\ncommand=/bin/true\nstdout_logfile=" + dir + "/a-100%%%%.log\n"
                + "stderr_logfile=" + dir + "/%(program_name)s.err\n"), "a");
        assertEquals(dir + "/a-100%.log", p.stdout().logfile().path());
        assertEquals(dir + "/a.err", p.stderr().logfile().path());
    }

    @Test
    void redirectStderrIgnoresAStderrFileWithAWarning() throws Exception {
        Configuration c = load(HEAD + "[program:a]\ncommand=/bin/true\nredirect_stderr=true\nstderr_logfile=" + dir + "/e.log\n");
        assertEquals(LogTarget.NONE, program(c, "a").stderr().logfile());
        assertTrue(c.warnings().stream().anyMatch(w -> w.message().contains("redirect_stderr=true")));
    }

    @Test
    void logTargetsNoneAutoAndDeviceFiles() throws Exception {
        ProgramConfig p = program(load(HEAD + "[program:a]\ncommand=/bin/true\nstdout_logfile=/dev/stdout\n"
                + "stdout_logfile_maxbytes=0\nstderr_logfile=NONE\n"), "a");
        assertEquals(LogTarget.file("/dev/stdout"), p.stdout().logfile());
        assertEquals(LogTarget.NONE, p.stderr().logfile());
    }

    @Test
    void programWithoutCommandIsAnError() throws Exception {
        List<ConfigProblem> errors = errors(HEAD + "[program:a]\nautostart=true\n");
        assertTrue(errors.get(0).message().contains("does not specify a command"));
        assertEquals(4, errors.get(0).line(), "located at the section header");
    }

    @Test
    void inetServerOnEveryInterfaceWithoutCredentialsIsFlagged() throws Exception {
        Configuration c = load(HEAD + "[inet_http_server]\nport=*:9001\n");
        assertEquals("", c.inetServer().host());
        assertEquals(9001, c.inetServer().port());
        assertTrue(c.warnings().stream().anyMatch(w -> w.message().contains("without username and password")));
    }

    @Test
    void usernameWithoutPasswordIsAnError() throws Exception {
        List<ConfigProblem> errors = errors(HEAD + "[unix_http_server]\nfile=/tmp/x.sock\nusername=u\n");
        assertTrue(errors.get(0).message().contains("incomplete authentication"));
    }

    @Test
    void missingSupervisordSectionStillReportsProgramErrors() throws Exception {
        List<ConfigProblem> errors = errors("[program:ls with args]\ncommand=/bin/ls\n");
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.message().contains("because of character: ' '") && e.line() == 1));
    }

    @Test
    void unknownUserIsAHostDependentErrorButAWarningInCheckMode() throws Exception {
        String text = HEAD + "[program:a]\ncommand=/bin/true\nuser=no-such-user-xyz\n";
        assertEquals("user", errors(text).get(0).key());
        Path root = write("supervisord.conf", text);
        Configuration c = new ConfigLoader(new ConfigLoader.Options(Map.of(), "box", dir, true)).load(root);
        assertTrue(c.warnings().stream().anyMatch(w -> "user".equals(w.key())));
    }

    @Test
    void secretsAreNotInToString() throws Exception {
        Configuration c = load(HEAD + "[program:a]\ncommand=/bin/true\nenvironment=TOKEN=\"s3cr3t\"\n"
                + "[unix_http_server]\nfile=/tmp/x.sock\nusername=u\npassword=hunter2\n");
        assertFalse(c.toString().contains("s3cr3t"), c.toString());
        assertFalse(c.toString().contains("hunter2"), c.toString());
    }

    @Test
    void anEventListenerPoolIsAGroupWithItsPoolSettings() throws Exception {
        Configuration c = load(HEAD + "[eventlistener:mail]\ncommand=/bin/cat\nevents=process_state_exited, TICK_60\n"
                + "numprocs=2\nprocess_name=%(program_name)s_%(process_num)d\n");
        GroupConfig pool = c.groups().stream().filter(g -> g.name().equals("mail")).findFirst().orElseThrow();
        assertTrue(pool.isListenerPool());
        assertEquals(-1, pool.priority());
        assertEquals(List.of(org.supervisordj.events.EventType.PROCESS_STATE_EXITED,
                org.supervisordj.events.EventType.TICK_60), pool.listener().events());
        assertEquals(10, pool.listener().bufferSize());
        assertEquals(List.of("mail_0", "mail_1"), pool.processes().stream().map(ProgramConfig::name).toList());
        assertEquals(999, pool.processes().get(0).priority());
        assertEquals(List.of(), c.warnings());
        java.util.Map<String, Object> json = ConfigJson.of(c);
        assertTrue(json.get("groups").toString().contains("events=[PROCESS_STATE_EXITED, TICK_60]"), json.toString());
    }

    @Test
    void aPythonResultHandlerIsWarnedAtItsLineAndTheDefaultIsUsed() throws Exception {
        Configuration c = load(HEAD + "[eventlistener:out]\ncommand=/bin/cat\nevents=PROCESS_LOG\n"
                + "result_handler=supervisor_stdout:event_handler\n");
        ConfigProblem w = c.warnings().stream().filter(p -> "result_handler".equals(p.key())).findFirst().orElseThrow();
        assertEquals(7, w.line());
        assertTrue(w.message().contains("the default handler is used"), w.message());
        assertTrue(w.toString().startsWith(dir.resolve("supervisord.conf") + ":7:"), w.toString());
    }

    @Test
    void eventListenerSectionsSupervisordRejectsAreErrorsAtTheirLine() throws Exception {
        assertEquals("events", errors(HEAD + "[eventlistener:x]\ncommand=/bin/cat\n").get(0).key());
        assertTrue(errors(HEAD + "[eventlistener:x]\ncommand=/bin/cat\nevents=PROCESS_DIED\n").get(0).message()
                .contains("Unknown event type PROCESS_DIED"));
        assertEquals("buffer_size", errors(HEAD + "[eventlistener:x]\ncommand=/bin/cat\nevents=EVENT\nbuffer_size=0\n")
                .get(0).key());
        assertEquals("redirect_stderr", errors(HEAD + "[eventlistener:x]\ncommand=/bin/cat\nevents=EVENT\n"
                + "redirect_stderr=true\n").get(0).key());
        assertTrue(errors(HEAD + "[program:x]\ncommand=/bin/cat\n[eventlistener:x]\ncommand=/bin/cat\nevents=EVENT\n")
                .get(0).message().contains("group name 'x' is used by both"));
    }
}
