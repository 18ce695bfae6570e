package org.supervisordj.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The premise of check's "user X may not run" error (config.CommandChecks): the spawner resolves the
 * command as root, so it finds it, but the exec after the switch to {@code user=} fails for real.
 */
class ExecAsUserTest {
    @TempDir
    Path tmp;

    @Test
    void aCommandInADirectoryTheUserCannotSearchFailsAfterTheSwitch() throws Exception {
        assumeTrue(Users.lookup("nobody") != null && Libc.C.geteuid() == 0, "needs root and user nobody");
        Path app = Files.createDirectory(tmp.resolve("app")); // tmp is 0700: nobody cannot search it
        Path script = app.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\necho ran\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Proc.Result denied = Proc.run(List.of(script.toString()), Proc.PATH_ONLY, null, null, "nobody");
        assertTrue(!(denied.status() instanceof WaitStatus.Exited e) || e.code() != 0, denied.toString());
        assertTrue(!denied.output().contains("ran"), denied.output());

        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Proc.Result allowed = Proc.run(List.of(script.toString()), Proc.PATH_ONLY, null, null, "nobody");
        assertEquals("ran\n", allowed.output());
    }
}
