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

    @Test
    void aStalledWriterDropsTheDebugEchoInsteadOfBlockingThePumpAndSaysHowMany() throws Exception {
        java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        StringBuilder written = new StringBuilder();
        LogSink stalling = new LogSink() {
            @Override
            public synchronized void write(ByteBuffer bytes) {
                stalled.countDown();
                try {
                    release.await(); // a disk that stopped answering
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.append(StandardCharsets.UTF_8.decode(bytes));
            }

            @Override
            public void reopen() {
            }

            @Override
            public void close() {
            }
        };
        DaemonLog log = new DaemonLog(LogLevel.DEBUG, stalling, null);
        log.log(LogLevel.INFO, "the line the disk stalled on");
        assertTrue(stalled.await(30, TimeUnit.SECONDS));
        // The queue holds 100,000: the echo beyond that is dropped, and no call waits for the disk.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 100_500; i++) log.logIfRoom(LogLevel.DEBUG, "echo " + i);
        });
        release.countDown();
        log.log(LogLevel.INFO, "after the stall");
        log.close();
        String text;
        synchronized (stalling) {
            text = written.toString();
        }
        assertTrue(text.contains(" DEBG echo 99999\n"), "the echo that fitted is written");
        assertFalse(text.contains(" DEBG echo 100000\n"), "the echo that did not fit is dropped");
        assertTrue(text.contains(" WARN dropped 500 lines of the loglevel=debug echo"), "and counted");
        assertTrue(text.indexOf("dropped 500 lines") < text.indexOf("after the stall"), "in order");
    }
}
