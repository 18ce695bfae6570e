package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supervisordj.config.LogLevel;
import org.supervisordj.logging.RotatingFileSink;

/** System.Logger messages (posix/, logging/) reach the daemon's log file, filtered by its loglevel. */
class DaemonLoggerFinderTest {
    @TempDir
    Path dir;

    @AfterEach
    void unroute() {
        DaemonLoggerFinder.unroute();
    }

    @Test
    void systemLoggerLinesReachTheDaemonLogInItsFormatAndObeyLoglevel() throws IOException {
        assertInstanceOf(DaemonLoggerFinder.class, System.LoggerFinder.getLoggerFinder(), "service not installed");
        Path file = dir.resolve("supervisord.log");
        DaemonLog log = new DaemonLog(LogLevel.INFO, new RotatingFileSink(file, 0, 0), new PrintStream(OutputStream.nullOutputStream()));
        DaemonLoggerFinder.routeTo(log);
        System.Logger posix = System.getLogger("org.supervisordj.posix.PipePump");
        assertFalse(posix.isLoggable(System.Logger.Level.DEBUG));
        assertTrue(posix.isLoggable(System.Logger.Level.WARNING));
        posix.log(System.Logger.Level.WARNING, "read from fd 7 failed", new IOException("Input/output error"));
        posix.log(System.Logger.Level.DEBUG, "not at loglevel=info");
        posix.log(System.Logger.Level.INFO, "pipe {0} closed", 9);
        log.close();
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} WARN read from fd 7 failed: "
                + "Input/output error"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" INFO pipe 9 closed"), lines.get(1));
    }

    @Test
    void debugLoglevelAddsTheStackTrace() throws IOException {
        Path file = dir.resolve("supervisord.log");
        DaemonLog log = new DaemonLog(LogLevel.DEBUG, new RotatingFileSink(file, 0, 0), new PrintStream(OutputStream.nullOutputStream()));
        DaemonLoggerFinder.routeTo(log);
        System.getLogger("org.supervisordj.logging.X").log(System.Logger.Level.DEBUG, "rotation", new IOException("No space left on device"));
        log.close();
        String text = Files.readString(file);
        assertTrue(text.contains(" DEBG rotation: No space left on device\njava.io.IOException"), text);
    }
}
