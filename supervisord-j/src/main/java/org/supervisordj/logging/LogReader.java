package org.supervisordj.logging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Reads log files for {@code tail} and the API, independently of the sink writing them. */
public final class LogReader {

    /** The last bytes of a log and the file's size when they were read. */
    public record Tail(byte[] bytes, long size) {
    }

    private LogReader() {
    }

    /**
     * Returns bytes of {@code file} with supervisord's {@code readLog} semantics.
     *
     * <p>{@code offset >= 0, length == 0} reads from offset to the end; {@code offset >= 0,
     * length > 0} reads up to length bytes from offset; {@code offset < 0, length == 0} reads the
     * last {@code -offset} bytes. An offset past the end yields no bytes.
     *
     * @throws IllegalArgumentException for a negative length, or a negative offset with a nonzero
     *     length (supervisord's BAD_ARGUMENTS)
     * @throws IOException if the file cannot be read (supervisord's FAILED)
     */
    public static byte[] read(Path file, long offset, int length) throws IOException {
        if (offset < 0 && length != 0) {
            throw new IllegalArgumentException(
                    "length must be 0 with a negative offset: offset " + offset + ", length " + length);
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0: " + length);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (offset < 0) {
                long start = Math.max(0, size + offset);
                return readRange(ch, start, size - start);
            }
            long available = Math.max(0, size - offset);
            return readRange(ch, offset, length == 0 ? available : Math.min(length, available));
        }
    }

    /** Returns the last {@code maxBytes} bytes of {@code file} (fewer if it is shorter) and its size. */
    public static Tail tail(Path file, int maxBytes) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0: " + maxBytes);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long start = Math.max(0, size - maxBytes);
            // The size returned is the one the window was cut from, so a follower started at it
            // continues exactly where this tail ends.
            return new Tail(readRange(ch, start, size - start), size);
        }
    }

    // Reads count bytes at start, or fewer if the file shrank meanwhile (rotated or truncated).
    private static byte[] readRange(FileChannel ch, long start, long count) throws IOException {
        if (count > Integer.MAX_VALUE - 8) {
            throw new IOException("log range too large to read at once: " + count + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) count);
        long pos = start;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        return buf.position() == buf.capacity() ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
    }
}
