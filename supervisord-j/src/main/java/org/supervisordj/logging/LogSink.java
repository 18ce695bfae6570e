package org.supervisordj.logging;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A destination for one child output channel: receives raw bytes, never decodes them.
 *
 * <p>Each sink has a single writer (its pipe reader); {@link #reopen()} may be called from another
 * thread (SIGUSR2), so implementations make the three methods mutually exclusive.
 */
public interface LogSink extends AutoCloseable {

    /**
     * Writes all remaining bytes of {@code bytes} as given, leaving its position at its limit.
     *
     * <p>An exception means the bytes were not (all) written; a sink never throws after the bytes
     * are safely written, so a caller that retries does not duplicate output.
     */
    void write(ByteBuffer bytes) throws IOException;

    /**
     * Returns the sink to hand the pipe of child {@code pid}: this one, unless the sink reports
     * per-child facts (an event's pid).
     */
    default LogSink forChild(int pid) {
        return this;
    }

    /**
     * The child closed its end of the pipe: writes out whatever the sink held back waiting for more
     * (a capture token's possible beginning). Called once, on the pump thread, after the last write.
     */
    default void eof() throws IOException {
    }

    /** Closes and reopens the target by name, so that an external logrotate takes effect. */
    void reopen() throws IOException;

    /** Closes the target; further writes fail. */
    @Override
    void close() throws IOException;
}
