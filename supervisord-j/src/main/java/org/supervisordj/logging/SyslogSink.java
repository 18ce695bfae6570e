package org.supervisordj.logging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code stdout_syslog=true} (or the deprecated {@code stdout_logfile=syslog}): writes each chunk to the
 * channel's log, then sends its lines to syslog as supervisord's {@code name %(message)s} handler does,
 * {@code web GET / 200}. The bytes go as they are; supervisord drops a chunk that is not UTF-8 (with a
 * traceback on its stderr) instead.
 */
public final class SyslogSink implements LogSink {

    private static final byte[] NOTHING = new byte[0];

    private final LogSink delegate;
    private final Syslog syslog;
    private final byte[] prefix;

    public SyslogSink(LogSink delegate, Syslog syslog, String processName) {
        this.delegate = delegate;
        this.syslog = syslog;
        this.prefix = (processName + " ").getBytes(StandardCharsets.UTF_8);
    }

    private SyslogSink(LogSink delegate, Syslog syslog, byte[] prefix) {
        this.delegate = delegate;
        this.syslog = syslog;
        this.prefix = prefix;
    }

    @Override
    public LogSink forChild(int pid) {
        LogSink child = delegate.forChild(pid);
        return child == delegate ? this : new SyslogSink(child, syslog, prefix);
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        ByteBuffer copy = bytes.duplicate();
        delegate.write(bytes);
        if (copy.hasRemaining()) syslog.sendLines(prefix, copy, NOTHING);
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
