package org.supervisordj.process;

import java.util.Arrays;

import org.supervisordj.posix.Pipes;
import org.supervisordj.posix.PosixException;

/**
 * The daemon's write end of one child's stdin pipe (close-on-exec, non-blocking), engine thread only.
 *
 * <p>Like supervisord's input dispatcher it keeps what the pipe did not take and sends it later, but
 * bounded: a child that stops reading cannot grow the daemon without end, the sender is told instead.
 * The engine has no writability event for these pipes, so while bytes are pending it retries on a
 * short deadline; with nothing pending it costs nothing.
 */
final class ChildStdin {

    /** What became of a send. */
    enum Sent { OK, FULL, CLOSED }

    static final int MAX_PENDING = 1024 * 1024;
    static final long RETRY_NANOS = 50_000_000L;

    private int fd;              // -1 once closed
    private byte[] pending = new byte[0];
    private long retryAt = Long.MAX_VALUE;

    ChildStdin(int fd) {
        this.fd = fd;
    }

    /** Queues {@code bytes} after what is pending and writes what the pipe takes now. */
    Sent send(byte[] bytes, long now) {
        if (fd < 0) return Sent.CLOSED;
        if (pending.length + (long) bytes.length > MAX_PENDING) return Sent.FULL;
        byte[] all = Arrays.copyOf(pending, pending.length + bytes.length);
        System.arraycopy(bytes, 0, all, pending.length, bytes.length);
        pending = all;
        return flush(now) ? Sent.OK : Sent.CLOSED;
    }

    /** Returns when pending bytes should be tried again, Long.MAX_VALUE when none are. */
    long retryAt() {
        return retryAt;
    }

    /** Writes what the pipe takes of the pending bytes; false when the child has closed its end. */
    boolean flush(long now) {
        if (fd < 0) return false;
        if (pending.length > 0) {
            try {
                int n = Pipes.write(fd, pending);
                pending = Arrays.copyOfRange(pending, n, pending.length);
            } catch (PosixException e) {
                close(); // EPIPE: the reader is gone for good, as supervisord closes its dispatcher
                return false;
            }
        }
        retryAt = pending.length == 0 ? Long.MAX_VALUE : now + RETRY_NANOS;
        return true;
    }

    boolean closed() {
        return fd < 0;
    }

    /** Closes the write end (the child sees EOF) and drops what was pending; idempotent. */
    void close() {
        if (fd >= 0) {
            Pipes.close(fd);
            fd = -1;
        }
        pending = new byte[0];
        retryAt = Long.MAX_VALUE;
    }
}
