package org.supervisordj.logging;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * [supervisord] strip_ansi=true: removes ANSI escapes from each chunk before the log and the
 * PROCESS_LOG events see it, with supervisord's {@code stripEscapes}: from {@code ESC [} up to and
 * including the first terminator letter. Each chunk is stripped on its own, as supervisord does, so an
 * escape split across two reads loses the rest of the first chunk and shows its tail in the second.
 */
public final class AnsiStrippingSink implements LogSink {

    private static final String TERMINATORS = "HfABCDRsuJKhlpm";

    private final LogSink delegate;

    public AnsiStrippingSink(LogSink delegate) {
        this.delegate = delegate;
    }

    /** supervisord's {@code stripEscapes} of {@code in}'s remaining bytes, consuming them. */
    public static ByteBuffer strip(ByteBuffer in) {
        ByteBuffer out = ByteBuffer.allocate(in.remaining());
        boolean show = true;
        while (in.hasRemaining()) {
            byte b = in.get();
            if (!show) {
                if (TERMINATORS.indexOf(b) >= 0) show = true;
            } else if (b == 0x1b && in.hasRemaining() && in.get(in.position()) == '[') {
                in.get(); // the '[' is part of the escape, never a terminator
                show = false;
            } else {
                out.put(b);
            }
        }
        return out.flip();
    }

    @Override
    public LogSink forChild(int pid) {
        LogSink child = delegate.forChild(pid);
        return child == delegate ? this : new AnsiStrippingSink(child);
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        ByteBuffer stripped = strip(bytes.duplicate());
        delegate.write(stripped);
        bytes.position(bytes.limit());
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
