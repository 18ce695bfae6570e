package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} by default reports as errors what the daemon would refuse on this host and what would
 * make a program fail at spawn; {@code --portable} makes those warnings.
 */
class CheckOnThisHostTest {

    @TempDir
    Path dir;

    private Path conf(String programLines) throws Exception {
        Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("d.log") + "\npidfile=" + dir.resolve("d.pid")
                + "\nchildlogdir=" + dir + "\n[program:p]\n" + programLines);
        return conf;
    }

    private void assertErrorHereWarningWhenPortable(Path conf, String expected) {
        CheckRun here = CheckRun.of("-c", conf.toString());
        assertEquals(1, here.exit(), here.all());
        assertTrue(here.err().contains("error: " + conf + ":"), here.all());
        assertTrue(here.err().contains(expected), here.all());
        CheckRun portable = CheckRun.of("-c", conf.toString(), "--portable");
        assertEquals(0, portable.exit(), portable.all());
        assertTrue(portable.err().contains("warning: " + conf + ":") && portable.err().contains(expected), portable.all());
    }

    @Test
    void aMissingUserIsAnError() throws Exception {
        assertErrorHereWarningWhenPortable(conf("command=/bin/true\nuser=no-such-user-sj\n"),
                "user: Invalid user name no-such-user-sj");
    }

    @Test
    void aMissingLogDirectoryIsAnError() throws Exception {
        assertErrorHereWarningWhenPortable(conf("command=/bin/true\nstdout_logfile=" + dir.resolve("nope/p.log") + "\n"),
                "stdout_logfile: The directory named as part of the path");
    }

    @Test
    void aMissingEnvironmentFileIsAnError() throws Exception {
        assertErrorHereWarningWhenPortable(conf("command=/bin/true\nenvironment_file=" + dir.resolve("nope.env") + "\n"),
                "environment_file: environment file");
    }

    @Test
    void aCommandNotOnTheProgramsPathIsAnError() throws Exception {
        // sleep is on check's own PATH, but the child gets the program's PATH, where it is not.
        Path conf = conf("command=sleep 1\nenvironment=PATH=\"" + dir + "\"\n");
        assertErrorHereWarningWhenPortable(conf, "p] command: can't find command 'sleep'");
    }

    @Test
    void aCommandOnlyOnTheProgramsPathIsFound() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path tool = bin.resolve("sj-tool-only-here");
        Files.writeString(tool, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        CheckRun r = CheckRun.of("-c", conf("command=sj-tool-only-here\nenvironment=PATH=\"" + bin + "\"\n").toString());
        assertEquals(0, r.exit(), r.all());
        // The environment_file comes last, so its PATH wins over environment=, as at spawn.
        Path env = dir.resolve("p.env");
        Files.writeString(env, "PATH=" + bin + "\n");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
        r = CheckRun.of("-c", conf("command=sj-tool-only-here\nenvironment=PATH=\"/nonexistent\"\nenvironment_file=" + env + "\n").toString());
        assertEquals(0, r.exit(), r.all());
    }

    @Test
    void aCommandThatIsNotExecutableIsAnError() throws Exception {
        Path script = dir.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        assertErrorHereWarningWhenPortable(conf("command=" + script + "\n"), "command at '" + script + "' is not executable");
    }

    @Test
    void aRelativeCommandIsResolvedAgainstTheProgramsDirectory() throws Exception {
        Path app = Files.createDirectory(dir.resolve("app"));
        Path script = app.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        CheckRun r = CheckRun.of("-c", conf("command=./run.sh\ndirectory=" + app + "\n").toString());
        assertEquals(0, r.exit(), r.all());
        assertErrorHereWarningWhenPortable(conf("command=./run.sh\ndirectory=" + dir + "\n"),
                "can't find command '" + script.getParent().getParent().resolve("run.sh") + "'");
    }

    @Test
    void aCommandTheProgramsUserMayNotRunIsAnError() throws Exception {
        Path app = Files.createDirectory(dir.resolve("app")); // inside JUnit's 0700 directory: nobody cannot search it
        Path script = app.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertErrorHereWarningWhenPortable(conf("command=" + script + "\nuser=nobody\n"),
                "command: user nobody may not run " + script + ": " + dir + " is not searchable by it");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        assertErrorHereWarningWhenPortable(conf("command=" + script + "\nuser=nobody\n"),
                "command: user nobody may not run " + script + ": it is not executable by that user");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        CheckRun r = CheckRun.of("-c", conf("command=" + script + "\nuser=nobody\n").toString());
        assertEquals(0, r.exit(), r.all());
    }

    @Test
    void aMissingDirectoryIsAnError() throws Exception {
        assertErrorHereWarningWhenPortable(conf("command=/bin/true\ndirectory=" + dir.resolve("gone") + "\n"),
                "directory: couldn't chdir to " + dir.resolve("gone"));
    }

    @Test
    void aMissingSocketDirectoryIsAnError() throws Exception {
        assertErrorHereWarningWhenPortable(conf("command=/bin/true\n[unix_http_server]\nfile=" + dir.resolve("run/s.sock") + "\n"),
                "[unix_http_server] file: The directory named as part of the path " + dir.resolve("run/s.sock"));
    }

    @Test
    void aUsableConfigurationPasses() throws Exception {
        CheckRun r = CheckRun.of("-c", conf("command=sleep 1\nnumprocs=2\nprocess_name=p%(process_num)d\n").toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("syntax is ok (2 processes"), r.all());
    }
}
