package org.supervisordj.logging;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The capture log of one child's channel while it is between the capture tokens: supervisord's
 * {@code BoundIO}, kept to its rule exactly. A write that would take the buffer past maxbytes first
 * drops as many bytes from the front as it adds (all of them when the write alone is bigger), so a
 * single write longer than maxbytes is still kept whole, as supervisord keeps it.
 */
final class CaptureBuffer implements LogSink {

    private final long maxbytes;
    private byte[] buf = new byte[0];
    private int length;

    CaptureBuffer(long maxbytes) {
        this.maxbytes = maxbytes;
    }

    @Override
    public void write(ByteBuffer bytes) {
        int n = bytes.remaining();
        if ((long) length + n > maxbytes) {
            int drop = Math.min(n, length);
            System.arraycopy(buf, drop, buf, 0, length - drop);
            length -= drop;
        }
        if (length + n > buf.length) buf = Arrays.copyOf(buf, Math.max(length + n, buf.length * 2));
        bytes.get(buf, length, n);
        length += n;
    }

    /** Returns what was captured and empties the buffer for the next capture. */
    ByteBuffer take() {
        ByteBuffer captured = ByteBuffer.wrap(Arrays.copyOf(buf, length));
        buf = new byte[0];
        length = 0;
        return captured;
    }

    @Override
    public void reopen() {
    }

    @Override
    public void close() {
    }
}
