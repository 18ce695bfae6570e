package org.supervisordj.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.supervisordj.events.Event;
import org.supervisordj.events.EventPublisher;
import org.supervisordj.events.EventType;

/**
 * supervisord's capture mode ({@code stdout_capture_maxbytes} / {@code stderr_capture_maxbytes} &gt; 0),
 * ported from {@code POutputDispatcher.record_output} and {@code toggle_capturemode}: output between
 * {@code <!--XSUPERVISOR:BEGIN-->} and {@code <!--XSUPERVISOR:END-->} goes to a bounded capture buffer
 * instead of the log, and each END raises PROCESS_COMMUNICATION_STDOUT/STDERR with what was captured.
 *
 * <p>The captured text still passes the same decorations as logged text (strip_ansi, the debug echo,
 * PROCESS_LOG events), as in supervisord, where only the innermost logger is swapped. A token split
 * across reads is found because a tail that could begin a token is held back; like supervisord, a
 * chunk no longer than the token awaited is held until more comes, so the pieces the log and the
 * PROCESS_LOG events see are supervisord's. Unlike supervisord, what is held back when the pipe closes
 * is written out rather than lost.
 *
 * <p>State is per child ({@link #forChild}) and only the pump thread writes it.
 */
public final class CapturingSink implements LogSink {

    static final byte[] BEGIN = "<!--XSUPERVISOR:BEGIN-->".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "<!--XSUPERVISOR:END-->".getBytes(StandardCharsets.US_ASCII);

    private final LogSink normal;
    private final UnaryOperator<LogSink> decorations;
    private final CaptureBuffer buffer;
    private final LogSink capture;
    private final long maxbytes;
    private final EventType type;
    private final String header; // "processname:x groupname:y pid:"
    private final String echo; // "'x' stdout emitted a comm event"
    private final Supplier<EventPublisher> events;
    private final Consumer<String> debugLog;
    private final int pid;

    private byte[] held = new byte[0]; // supervisord's output_buffer
    private boolean capturing;

    /**
     * @param normal      the channel's log with its decorations
     * @param decorations applies the same decorations to another innermost sink (the capture buffer)
     * @param type        PROCESS_COMMUNICATION_STDOUT or _STDERR
     * @param debugLog    receives supervisord's debug line for each event raised
     */
    public CapturingSink(LogSink normal, UnaryOperator<LogSink> decorations, long maxbytes, EventType type,
                         String processName, String groupName, Supplier<EventPublisher> events,
                         Consumer<String> debugLog) {
        this(normal, decorations, maxbytes, type, "processname:" + processName + " groupname:" + groupName + " pid:",
                "'" + processName + "' " + (type == EventType.PROCESS_COMMUNICATION_STDERR ? "stderr" : "stdout")
                        + " emitted a comm event", events, debugLog, 0);
    }

    private CapturingSink(LogSink normal, UnaryOperator<LogSink> decorations, long maxbytes, EventType type,
                          String header, String echo, Supplier<EventPublisher> events, Consumer<String> debugLog,
                          int pid) {
        this.normal = normal;
        this.decorations = decorations;
        this.maxbytes = maxbytes;
        this.buffer = new CaptureBuffer(maxbytes);
        this.capture = decorations.apply(buffer).forChild(pid);
        this.type = type;
        this.header = header;
        this.echo = echo;
        this.events = events;
        this.debugLog = debugLog;
        this.pid = pid;
    }

    @Override
    public LogSink forChild(int childPid) {
        // supervisord makes new dispatchers per spawn: a capture left open by the last child ends with it.
        return new CapturingSink(normal.forChild(childPid), decorations, maxbytes, type, header, echo, events,
                debugLog, childPid);
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        int n = bytes.remaining();
        byte[] data = Arrays.copyOf(held, held.length + n);
        bytes.get(data, held.length, n);
        held = data;
        record();
    }

    /** supervisord's {@code record_output}, its recursion as a loop. */
    private void record() throws IOException {
        while (true) {
            byte[] token = capturing ? END : BEGIN;
            if (held.length <= token.length) return;
            byte[] data = held;
            held = new byte[0];
            int at = indexOf(data, token);
            if (at < 0) {
                int keep = prefixAtEnd(data, token);
                held = Arrays.copyOfRange(data, data.length - keep, data.length);
                log(data, 0, data.length - keep);
                return;
            }
            log(data, 0, at);
            toggle();
            held = Arrays.copyOfRange(data, at + token.length, data.length);
            if (held.length == 0) return;
        }
    }

    private void log(byte[] data, int from, int to) throws IOException {
        if (to > from) (capturing ? capture : normal).write(ByteBuffer.wrap(data, from, to - from));
    }

    private void toggle() {
        capturing = !capturing;
        if (capturing) return;
        ByteBuffer captured = buffer.take();
        EventPublisher publisher = events.get();
        if (publisher.wants(type)) {
            ByteArrayOutputStream payload = new ByteArrayOutputStream(header.length() + 16 + captured.remaining());
            payload.writeBytes((header + pid + "\n").getBytes(StandardCharsets.UTF_8));
            payload.writeBytes(PythonBytesRepr.utf8OrUndecodable(captured));
            publisher.publish(new Event(type, payload.toByteArray(), System.currentTimeMillis()));
        }
        debugLog.accept(echo);
    }

    /** Writes out what was held back for a token that never came; an unfinished capture is dropped, as in supervisord. */
    @Override
    public void eof() throws IOException {
        byte[] rest = held;
        held = new byte[0];
        log(rest, 0, rest.length);
    }

    static int indexOf(byte[] data, byte[] token) {
        outer:
        for (int i = 0; i + token.length <= data.length; i++) {
            for (int j = 0; j < token.length; j++) {
                if (data[i + j] != token[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    /** medusa's {@code find_prefix_at_end}: the length of the longest proper prefix of {@code token} ending {@code data}. */
    static int prefixAtEnd(byte[] data, byte[] token) {
        for (int len = Math.min(token.length - 1, data.length); len > 0; len--) {
            if (Arrays.equals(data, data.length - len, data.length, token, 0, len)) return len;
        }
        return 0;
    }

    @Override
    public void reopen() throws IOException {
        normal.reopen();
    }

    @Override
    public void close() throws IOException {
        normal.close();
    }
}
