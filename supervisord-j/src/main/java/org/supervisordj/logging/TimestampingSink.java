package org.supervisordj.logging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code stdout_logfile_timestamps=true}: puts the time a line was read in front of it in the log
 * file, as ISO-8601 local time with milliseconds and offset ({@code 2026-12-03T20:15:01.123+01:00 }).
 * A line that arrives in pieces is stamped once, when its first byte is read; every line of one read
 * shares that read's time. Only the file sees the stamps: it wraps the file sink alone, so
 * PROCESS_LOG events and the debug echo get the program's bytes as they were.
 */
public final class TimestampingSink implements LogSink {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx ");

    private final LogSink delegate;
    private final Clock clock;
    // Whether the next byte starts a line; only the pump thread writes, so no lock is needed for it.
    private boolean atLineStart = true;

    public TimestampingSink(LogSink delegate) {
        this(delegate, Clock.systemDefaultZone());
    }

    TimestampingSink(LogSink delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    /** Returns the stamp for now, as it is put in front of a line. */
    byte[] stamp() {
        return FORMAT.format(OffsetDateTime.now(clock)).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        if (!bytes.hasRemaining()) return;
        int start = bytes.position();
        boolean wasAtLineStart = atLineStart;
        int lines = 0;
        for (int i = start; i < bytes.limit(); i++) if (bytes.get(i) == '\n') lines++;
        byte[] stamp = stamp();
        ByteBuffer out = ByteBuffer.allocate(bytes.remaining() + (lines + 1) * stamp.length);
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (atLineStart) {
                out.put(stamp);
                atLineStart = false;
            }
            out.put(b);
            if (b == '\n') atLineStart = true;
        }
        try {
            delegate.write(out.flip());
        } catch (IOException e) {
            // not written: a retry of the same bytes must stamp them as this call would have
            bytes.position(start);
            atLineStart = wasAtLineStart;
            throw e;
        }
    }

    @Override
    public LogSink forChild(int pid) {
        LogSink child = delegate.forChild(pid);
        return child == delegate ? this : new TimestampingSink(child, clock);
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
