package org.supervisordj.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.supervisordj.posix.Proc;

/** What a child gets: fds, signal state, directory, environment, umask; and what its logs keep. */
class EngineChildSetupTest extends EngineTestBase {

    @Test
    void childHoldsOnlyStdFdsAndCleanSignalState() throws Exception {
        boot("[program:clean]\ncommand=sleep 1000\nstartsecs=0\n");
        int pid = awaitState("clean", ProcessState.RUNNING, LONG).pid();
        Proc.awaitAsleep(pid); // RUNNING at once (startsecs=0): sleep's loader may still hold libc on fd 3
        assertEquals(Set.of(0, 1, 2), ProcFs.fds(pid));
        assertEquals("0000000000000000", ProcFs.status(pid, "SigBlk"));
        assertEquals("0000000000000000", ProcFs.status(pid, "SigIgn"));
        assertEquals(String.valueOf(pid), ProcFs.status(pid, "NSpgid").split("\\s+")[0], "own process group");
    }

    @Test
    void directoryEnvironmentAndUmaskTakeEffect() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Path out = dir.resolve("env.log");
        String sections = "environment=GLOBAL=\"g\",FOO=\"overridden\"\n"
                + "[unix_http_server]\nfile=" + dir.resolve("sock") + "\n"
                + "[program:env]\ncommand=sh -c 'pwd; echo $SUPERVISOR_ENABLED $SUPERVISOR_PROCESS_NAME "
                + "$SUPERVISOR_GROUP_NAME $FOO $GLOBAL $SUPERVISOR_SERVER_URL; umask'\n"
                + "directory=" + work + "\nenvironment=FOO=\"bar\"\numask=027\nstartsecs=0\nautorestart=false\n"
                + "stdout_logfile=" + out + "\n";
        boot(TestConfigs.load(dir, sections));
        awaitState("env", ProcessState.EXITED, LONG);
        awaitTrue(LONG, "output", () -> Files.readString(out).lines().count() >= 3);
        List<String> lines = Files.readAllLines(out);
        assertEquals(work.toString(), lines.get(0));
        assertEquals("1 env env bar g unix://" + dir.resolve("sock"), lines.get(1));
        assertEquals("0027", lines.get(2));
    }

    @Test
    void programsWithoutDirectoryStartInTheDaemonsDirectory() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Path out = dir.resolve("pwd.log");
        boot(TestConfigs.load(dir, "directory=" + home + "\n[program:pwd]\ncommand=pwd\nstartsecs=0\n"
                + "autorestart=false\nstdout_logfile=" + out + "\n"));
        awaitState("pwd", ProcessState.EXITED, LONG);
        awaitTrue(LONG, "output", () -> Files.readString(out).equals(home + "\n"));
    }

    @Test
    void environmentFileIsReadAtSpawnAndOverridesTheConfiguredEnvironment() throws Exception {
        Path envFile = dir.resolve("app.env");
        Files.writeString(envFile, "# secrets\nexport TOKEN=\"s3 cr3t\"\nFOO=from-file\n");
        Files.setPosixFilePermissions(envFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path out = dir.resolve("envfile.log");
        Files.writeString(dir.resolve("bad.env"), "TOKEN=ok\n");
        boot("[program:app]\ncommand=sh -c 'echo \"$TOKEN|$FOO\"'\nenvironment=FOO=\"from-config\"\n"
                + "environment_file=" + envFile + "\nstartsecs=0\nautorestart=false\nstdout_logfile=" + out + "\n"
                + "[program:broken]\ncommand=/bin/true\nenvironment_file=" + dir.resolve("bad.env") + "\nautostart=false\n");
        awaitState("app", ProcessState.EXITED, LONG);
        awaitTrue(LONG, "output", () -> Files.readString(out).equals("s3 cr3t|from-file\n"));

        // Read at each spawn: a file broken after load is a spawn error, not a daemon failure.
        Files.writeString(dir.resolve("bad.env"), "TOKEN=hunter2\nthis is not an assignment\n");
        engine.start("broken", true).get(30, java.util.concurrent.TimeUnit.SECONDS);
        awaitState("broken", ProcessState.FATAL, LONG);
        String spawnerr = info("broken").spawnerr();
        assertTrue(spawnerr.contains("bad.env:2: not a KEY=value line"), spawnerr);
        assertFalse(String.join("\n", log).contains("hunter2"), "a secret reached the log");
    }

    @Test
    void logCaptureKeepsExactBytesAndRedirectStderrMergesStreams() throws Exception {
        Path raw = dir.resolve("raw.log");
        Path merged = dir.resolve("merged.log");
        Path err = dir.resolve("err.log");
        boot("[program:raw]\ncommand=python3 -c \"import sys; sys.stdout.buffer.write(bytes(range(256)) * 1000)\"\n"
                + "startsecs=0\nautorestart=false\nstdout_logfile=" + raw + "\nstderr_logfile=" + err + "\n"
                + "[program:merged]\ncommand=sh -c 'echo out; echo err >&2; echo out2'\nstartsecs=0\nautorestart=false\n"
                + "redirect_stderr=true\nstdout_logfile=" + merged + "\n");
        awaitState("raw", ProcessState.EXITED, LONG);
        awaitState("merged", ProcessState.EXITED, LONG);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 1000; i++) for (int b = 0; b < 256; b++) expected.write(b);
        awaitTrue(LONG, "all bytes", () -> Files.size(raw) >= expected.size());
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(raw));
        assertEquals(0, Files.size(err));
        awaitTrue(LONG, "merged output", () -> Files.readString(merged).equals("out\nerr\nout2\n"));
        assertEquals("", info("merged").stderrLogfile());
        assertEquals(merged.toString(), info("merged").stdoutLogfile());
    }

    @Test
    void rotationWithBackupsKeepsEveryByteInOrder() throws Exception {
        Path log = dir.resolve("rot.log");
        boot("[program:rot]\ncommand=python3 -c \"import os; [os.write(1, str(i).zfill(9).encode() + b'\\n') "
                + "for i in range(20000)]\"\nstartsecs=0\nautorestart=false\nstdout_logfile=" + log + "\n"
                + "stdout_logfile_maxbytes=20000\nstdout_logfile_backups=100\n");
        awaitState("rot", ProcessState.EXITED, LONG);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20000; i++) expected.append(String.format("%09d%n", i));
        awaitTrue(LONG, "all bytes across the rotated files", () -> concat(log).size() == expected.length());
        assertEquals(expected.toString(), concat(log).toString(StandardCharsets.US_ASCII));
        assertTrue(Files.exists(dir.resolve("rot.log.2")), "rotated at least twice");
        for (int n = 1; Files.exists(dir.resolve("rot.log." + n)); n++) {
            assertTrue(Files.size(dir.resolve("rot.log." + n)) >= 20000, "rot.log." + n + " rotated early");
        }
    }

    /** Returns name.N .. name.1 then name, concatenated: the stream as written. */
    private static ByteArrayOutputStream concat(Path log) throws Exception {
        int n = 0;
        while (Files.exists(log.resolveSibling(log.getFileName() + "." + (n + 1)))) n++;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = n; i >= 1; i--) all.write(Files.readAllBytes(log.resolveSibling(log.getFileName() + "." + i)));
        if (Files.exists(log)) all.write(Files.readAllBytes(log));
        return all;
    }
}
