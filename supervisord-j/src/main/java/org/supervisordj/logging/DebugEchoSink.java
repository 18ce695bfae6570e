package org.supervisordj.logging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * loglevel=debug (or lower): echoes each chunk into the daemon's log as supervisord's
 * {@code POutputDispatcher._log} does, {@code 'name' stdout output:} + newline + the chunk
 * ({@code Undecodable: b'...'} when it is not UTF-8).
 */
public final class DebugEchoSink implements LogSink {

    private final LogSink delegate;
    private final String prefix;
    private final Consumer<String> debugLog;

    public DebugEchoSink(LogSink delegate, String processName, String channel, Consumer<String> debugLog) {
        this(delegate, "'" + processName + "' " + channel + " output:\n", debugLog);
    }

    private DebugEchoSink(LogSink delegate, String prefix, Consumer<String> debugLog) {
        this.delegate = delegate;
        this.prefix = prefix;
        this.debugLog = debugLog;
    }

    @Override
    public LogSink forChild(int pid) {
        LogSink child = delegate.forChild(pid);
        return child == delegate ? this : new DebugEchoSink(child, prefix, debugLog);
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        ByteBuffer copy = bytes.duplicate();
        delegate.write(bytes);
        if (copy.hasRemaining()) {
            debugLog.accept(prefix + new String(PythonBytesRepr.utf8OrUndecodable(copy), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void reopen() throws IOException {
        delegate.reopen();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
