package org.supervisordj.ctl;

import java.io.IOException;
import java.io.InputStream;

/**
 * The body of a {@code Transfer-Encoding: chunked} response. A read returns what the current chunk
 * has on hand without waiting for more, so a streamed log shows up as soon as the server sends it.
 */
final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long remaining; // bytes left in the current chunk
    private boolean done;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!nextChunk()) return -1;
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n == -1) throw new IOException("connection closed inside a chunk");
        remaining -= n;
        if (remaining == 0) endOfChunk();
        return n;
    }

    @Override
    public int available() throws IOException {
        return done ? 0 : (int) Math.min(remaining, in.available());
    }

    /** Moves to a chunk with data; returns false at the last (zero-length) chunk. */
    private boolean nextChunk() throws IOException {
        if (done) return false;
        if (remaining > 0) return true;
        String line = HttpConnection.readLine(in);
        if (line == null) throw new IOException("connection closed before the last chunk");
        int semi = line.indexOf(';'); // chunk extensions are allowed and ignored
        String hex = (semi >= 0 ? line.substring(0, semi) : line).strip();
        try {
            remaining = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size: " + hex);
        }
        if (remaining < 0) throw new IOException("bad chunk size: " + hex);
        if (remaining == 0) {
            // Trailers, if any, end with an empty line.
            String trailer;
            do {
                trailer = HttpConnection.readLine(in);
            } while (trailer != null && !trailer.isEmpty());
            done = true;
            return false;
        }
        return true;
    }

    private void endOfChunk() throws IOException {
        String crlf = HttpConnection.readLine(in);
        if (crlf == null || !crlf.isEmpty()) throw new IOException("chunk not followed by CRLF");
    }
}
