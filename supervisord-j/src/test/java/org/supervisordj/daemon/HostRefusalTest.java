package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import picocli.CommandLine;

/** On a host the native layer does not support, the daemon refuses with the reason, and check still works. */
@ResourceLock(Resources.SYSTEM_ERR)
class HostRefusalTest {
    private static final String OLD_GLIBC = "supervisord-j needs glibc 2.34 or newer (...); this system has glibc 2.31";

    @TempDir
    Path dir;
    private final Supplier<String> real = DaemonCommand.hostRefusal;
    private final PrintStream realErr = System.err;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        DaemonCommand.hostRefusal = real;
        System.setErr(realErr);
    }

    @Test
    void daemonRefusesToStartNamingTheReasonAndSpawnsNothing() throws Exception {
        Path marker = dir.resolve("spawned");
        Path conf = config("[program:p]\ncommand=touch " + marker + "\nstartsecs=0\n");
        DaemonCommand.hostRefusal = () -> OLD_GLIBC;
        // Were it not refused, the daemon would run until signalled: fail instead of hanging.
        int status = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run("-c", conf.toString()));
        assertEquals(2, status); // the unit's RestartPreventExitStatus: restarting cannot help
        assertEquals("Error: " + OLD_GLIBC + "; not starting\n", err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.notExists(dir.resolve("supervisord.pid")));
        assertTrue(Files.notExists(marker));
    }

    @Test
    void checkSpawnsNothingSoItWorksThere() throws Exception {
        Path conf = config("[program:p]\ncommand=/bin/true\n");
        DaemonCommand.hostRefusal = () -> OLD_GLIBC;
        assertEquals(0, run("check", "-c", conf.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("syntax is ok"), err.toString(StandardCharsets.UTF_8));
    }

    private Path config(String programs) throws Exception {
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("supervisord.log") + "\npidfile="
                + dir.resolve("supervisord.pid") + "\nchildlogdir=" + dir + "\n" + programs);
        return conf;
    }

    private int run(String... args) {
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandLine(new DaemonCommand()).execute(args);
    }
}
