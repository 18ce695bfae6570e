package org.supervisordj.logging;

import java.nio.ByteBuffer;

/** A sink that discards everything, for {@code stdout_logfile=NONE}. */
public final class NullSink implements LogSink {

    /** Discards the remaining bytes of {@code bytes}. */
    @Override
    public void write(ByteBuffer bytes) {
        bytes.position(bytes.limit());
    }

    /** Does nothing: there is no file to reopen. */
    @Override
    public void reopen() {
    }

    /** Does nothing: there is nothing to release. */
    @Override
    public void close() {
    }
}
