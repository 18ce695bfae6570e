package org.supervisordj.logging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

/** Adds the bytes each write consumed to a counter (log bytes for GET /metrics), then passes them on. */
public final class CountingSink implements LogSink {

    private final LogSink next;
    private final LongAdder bytes;

    public CountingSink(LogSink next, LongAdder bytes) {
        this.next = next;
        this.bytes = bytes;
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
        int before = buffer.position();
        try {
            next.write(buffer);
        } finally {
            bytes.add(buffer.position() - before); // what the sink took, even when it failed part way
        }
    }

    @Override
    public LogSink forChild(int pid) {
        LogSink child = next.forChild(pid);
        return child == next ? this : new CountingSink(child, bytes);
    }

    @Override
    public void eof() throws IOException {
        next.eof();
    }

    @Override
    public void reopen() throws IOException {
        next.reopen();
    }

    @Override
    public void close() throws IOException {
        next.close();
    }
}
