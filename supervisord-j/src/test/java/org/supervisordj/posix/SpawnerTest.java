package org.supervisordj.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnerTest {
    @TempDir
    Path tmp;

    @Test
    void childHasOnlyStdioCleanSignalsAndItsOwnGroup() throws Exception {
        int[] pipe = Pipes.pipe2Cloexec();
        int pid = new Spawner().spawn(new SpawnRequest(List.of("sh", "-c", "exec sleep 30"), Proc.PATH_ONLY,
                null, null, null, pipe[1], pipe[1]));
        try {
            // Look at sleep itself once it sleeps, not at the shell nor at its loader opening libc on fd 3.
            Proc.awaitAsleep(pid);
            assertEquals(new TreeSet<>(Set.of(0, 1, 2)), Proc.fds(pid));
            assertEquals("0000000000000000", Proc.status(pid, "SigBlk"));
            assertEquals("0000000000000000", Proc.status(pid, "SigIgn"));
            assertEquals(pid, Proc.pgrp(pid));
            assertEquals("/dev/null", Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/0")).toString());
        } finally {
            ProcessSignals.kill(pid, Signals.number("KILL"));
            assertEquals(new WaitStatus.Killed(9, false), Proc.waitFor(pid));
            Pipes.close(pipe[0]);
            Pipes.close(pipe[1]);
        }
    }

    @Test
    void directoryUmaskAndExactEnvironment() throws Exception {
        assertEquals(tmp.toRealPath() + "\n", Proc.run(List.of("pwd"), Proc.PATH_ONLY, tmp.toString(), null, null).output());
        assertEquals("0027\n", Proc.run(List.of("sh", "-c", "umask"), Proc.PATH_ONLY, null, 027, null).output());
        assertEquals("0022\n", Proc.run(List.of("sh", "-c", "umask"), Proc.PATH_ONLY, null, 022, null).output());
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "FOO", "bar baz", "EMPTY", "");
        String out = Proc.run(List.of("env"), env, null, null, null).output();
        assertEquals(Set.of("PATH=/usr/bin:/bin", "FOO=bar baz", "EMPTY="), Set.of(out.split("\n")));
    }

    @Test
    void commandIsResolvedOnTheChildsPathNotOurs() throws Exception {
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        Path script = bin.resolve("hello-xyz");
        Files.writeString(script, "#!/bin/sh\necho \"hi $1 from $FOO\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("PATH", bin + ":/usr/bin:/bin", "FOO", "bar");
        Proc.Result r = Proc.run(List.of("hello-xyz", "there"), env, null, null, null);
        assertEquals("hi there from bar\n", r.output());
        assertEquals(new WaitStatus.Exited(0), r.status());
        // With a umask the command goes through the sh wrapper; it must still be the resolved one.
        assertEquals("hi you from bar\n", Proc.run(List.of("hello-xyz", "you"), env, null, 077, null).output());
    }

    @Test
    void spawnErrorsUseSupervisordWording() throws Exception {
        assertEquals("can't find command 'nope-xyz'", spawnError(List.of("nope-xyz"), null, null));
        assertEquals("can't find command '/nope/xyz'", spawnError(List.of("/nope/xyz"), null, null));
        assertEquals("couldn't chdir to /nope-dir-xyz: ENOENT", spawnError(List.of("true"), "/nope-dir-xyz", null));
        Path plain = Files.writeString(tmp.resolve("plain"), "echo hi\n");
        assertEquals("command at '" + plain + "' is not executable", spawnError(List.of(plain.toString()), null, null));
        assertEquals("command at '" + tmp + "' is a directory", spawnError(List.of(tmp.toString()), null, null));
        assertEquals("unknown user 'no-such-user-xyz'", spawnError(List.of("true"), null, "no-such-user-xyz"));
        // exec itself fails: valid file with execute bit but no interpreter
        Path bad = Files.writeString(tmp.resolve("bad"), "#!/nope/interp\n");
        Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("couldn't exec " + bad + ": ENOENT", spawnError(List.of(bad.toString()), null, null));
    }

    @Test
    void userSwitchKeepsThePidAndDropsPrivileges() throws Exception {
        assumeTrue(ProcessSignals.isRoot(), "skipped: switching to another user needs root");
        assumeTrue(Users.lookup("nobody") != null, "skipped: needs the user nobody");
        Proc.Result r = Proc.run(List.of("sh", "-c", "id -u; id -g; echo $$; umask"), Proc.PATH_ONLY, null, 027, "nobody");
        String[] lines = r.output().split("\n");
        assertEquals(String.valueOf(Users.lookup("nobody").uid()), lines[0]);
        assertEquals(String.valueOf(Users.lookup("nobody").gid()), lines[1]);
        assertEquals("0027", lines[3]);
        assertEquals("0\n", Proc.run(List.of("id", "-u"), Proc.PATH_ONLY, null, null, "root").output());
    }

    @Test
    void userSwitchKeepsThePid() throws Exception {
        assumeTrue(ProcessSignals.isRoot(), "skipped: switching to another user needs root");
        int[] pipe = Pipes.pipe2Cloexec();
        int pid = new Spawner().spawn(new SpawnRequest(List.of("sleep", "30"), Proc.PATH_ONLY, null, 027, "nobody",
                pipe[1], pipe[1]));
        try {
            // setpriv and sh both exec, so the pid we hold ends up being sleep itself.
            Proc.awaitAsleep(pid);
            assertTrue(Proc.status(pid, "Uid").startsWith(String.valueOf(Users.lookup("nobody").uid())));
        } finally {
            ProcessSignals.kill(pid, 9);
            Proc.waitFor(pid);
            Pipes.close(pipe[0]);
            Pipes.close(pipe[1]);
        }
    }

    @Test
    void badFdIsReportedNotCrashed() throws Exception {
        SpawnException e = assertThrows(SpawnException.class, () -> new Spawner().spawn(
                new SpawnRequest(List.of("true"), Proc.PATH_ONLY, null, null, null, 100_000, 100_000)));
        assertTrue(e.getMessage().contains("EBADF"), e.getMessage());
    }

    @Test
    void spawnCost() throws Exception {
        int[] pipe = Pipes.pipe2Cloexec();
        Spawner spawner = new Spawner();
        SpawnRequest req = new SpawnRequest(List.of("/bin/true"), Proc.PATH_ONLY, "/", null, null, pipe[1], pipe[1]);
        long[] micros = new long[300];
        for (int i = 0; i < micros.length; i++) {
            long t0 = System.nanoTime();
            int pid = spawner.spawn(req);
            micros[i] = (System.nanoTime() - t0) / 1000;
            assertEquals(new WaitStatus.Exited(0), Proc.waitFor(pid));
        }
        Pipes.close(pipe[0]);
        Pipes.close(pipe[1]);
        long[] last = Arrays.copyOfRange(micros, 100, micros.length);
        Arrays.sort(last);
        System.out.printf("spawn cost (posix_spawn of /bin/true, 200 after 100 warm-up): median %d us, p90 %d us, max %d us%n",
                last[last.length / 2], last[last.length * 9 / 10], last[last.length - 1]);
    }

    private static String spawnError(List<String> argv, String dir, String user) {
        return assertThrows(SpawnException.class, () -> Proc.run(argv, Proc.PATH_ONLY, dir, null, user)).getMessage();
    }
}
