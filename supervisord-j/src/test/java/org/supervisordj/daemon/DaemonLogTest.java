package org.supervisordj.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.supervisordj.config.LogLevel;
import org.supervisordj.logging.LogSink;

/** The daemon log's writer thread under faults of its file. */
class DaemonLogTest {

    /** A log file whose every write throws {@code fault}. */
    private static LogSink failing(RuntimeException runtime, Error error) {
        return new LogSink() {
            @Override
            public void write(ByteBuffer bytes) {
                if (error != null) throw error;
                throw runtime;
            }

            @Override
            public void reopen() {
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void whenTheWriterThreadDiesItSaysSoAndLinesGoToTheConsoleWithoutEverBlockingACaller() throws Exception {
        Error injected = new Error("injected fault in the log writer (test)");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        DaemonLog log = new DaemonLog(LogLevel.INFO, failing(null, injected), new PrintStream(console, true));
        log.log(LogLevel.INFO, "first line");
        assertSame(injected, log.died().get(30, TimeUnit.SECONDS));
        // More than the queue holds: before, the 100,001st call waited for ever on a queue nobody drained.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 150_000; i++) log.log(LogLevel.INFO, "line " + i);
        });
        log.close();
        String text = console.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(" INFO first line\n"), "the line being written when it died is not lost");
        assertTrue(text.contains(" INFO line 149999\n"));
    }

    @Test
    void aRuntimeExceptionFromTheFileIsAWriteFailureNotTheWritersDeath() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        DaemonLog log = new DaemonLog(LogLevel.INFO, failing(new IllegalStateException("injected (test)"), null),
                new PrintStream(console, true));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 150_000; i++) log.log(LogLevel.INFO, "line " + i);
            log.close();
        });
        assertFalse(log.died().isDone());
        assertTrue(console.toString(StandardCharsets.UTF_8).contains(" INFO line 149999\n"));
    }
}
