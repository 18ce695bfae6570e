package org.supervisordj.ctl;

import java.io.IOException;
import java.io.InputStream;

/** The body of a response with a Content-Length: exactly that many bytes, then end of stream. */
final class FixedLengthInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    FixedLengthInputStream(InputStream in, long length) {
        this.in = in;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) return -1;
        int c = in.read();
        if (c == -1) throw new IOException("connection closed with " + remaining + " body bytes missing");
        remaining--;
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (remaining <= 0) return -1;
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n == -1) throw new IOException("connection closed with " + remaining + " body bytes missing");
        remaining -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(remaining, in.available());
    }
}
