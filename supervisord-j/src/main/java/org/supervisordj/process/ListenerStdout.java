package org.supervisordj.process;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.supervisordj.logging.LogSink;

/** A listener's stdout on the pump thread: the bytes go to its protocol channel, then to its stdout log. */
final class ListenerStdout implements LogSink {

    private static final System.Logger LOG = System.getLogger(ListenerStdout.class.getName());

    private final LogSink log;
    private final ListenerChannel channel;
    private boolean logFailed; // pump thread only

    ListenerStdout(LogSink log, ListenerChannel channel) {
        this.log = log;
        this.channel = channel;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        channel.stdout(bytes.duplicate());
        try {
            log.write(bytes);
        } catch (IOException e) {
            // The protocol must go on without its log: a failing sink would make the pump discard the pipe.
            bytes.position(bytes.limit());
            if (!logFailed) LOG.log(System.Logger.Level.ERROR, "stdout log of an event listener failed; "
                    + "its protocol goes on unlogged", e);
            logFailed = true;
        }
    }

    @Override
    public void eof() throws IOException {
        log.eof();
    }

    @Override
    public void reopen() throws IOException {
        log.reopen();
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
