package org.supervisordj.api;

import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.supervisordj.logging.LogReader;
import org.supervisordj.logging.Reason;
import org.supervisordj.process.ProcessInfo;

/**
 * The {@code stderr_tail} of a failed start: the last lines (up to 2 KiB) of the program's stderr
 * log, or of its stdout log when stderr is redirected or NONE. That is the part supervisorctl's bare
 * "ERROR (spawn error)" never shows.
 */
final class StartFailureTail {

    static final int MAX_BYTES = 2048;
    /**
     * The pipe pump writes a child's last words to its log independently of the engine noticing
     * the exit, so the tail is first read after this short pause, then every {@link #POLL_MS}
     * until it has settled, for at most {@link #MAX_WAIT_MS} (a loaded machine can starve the pump).
     */
    static final long FLUSH_DELAY_MS = 100;
    static final long POLL_MS = 50;
    static final long MAX_WAIT_MS = 2000;

    private StartFailureTail() {
    }

    /** Returns the tail for the process {@code group}/{@code name} in {@code snapshot}, or "" when it has no log. */
    static String of(List<ProcessInfo> snapshot, String group, String name) {
        for (ProcessInfo p : snapshot) {
            if (p.group().equals(group) && p.name().equals(name)) {
                String log = !p.stderrLogfile().isEmpty() ? p.stderrLogfile() : p.stdoutLogfile();
                return log.isEmpty() ? "" : read(Path.of(log));
            }
        }
        return "";
    }

    private static String read(Path file) {
        try {
            LogReader.Tail tail = LogReader.tail(file, MAX_BYTES);
            byte[] b = tail.bytes();
            int from = 0;
            if (tail.size() > b.length) { // cut mid-file: drop the partial first line when there is a whole one
                for (int i = 0; i < b.length - 1; i++) {
                    if (b[i] == '\n') {
                        from = i + 1;
                        break;
                    }
                }
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(java.nio.ByteBuffer.wrap(b, from, b.length - from)).toString();
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            return "(couldn't read " + file.getFileName() + ": " + Reason.of(e) + ")";
        }
    }
}
