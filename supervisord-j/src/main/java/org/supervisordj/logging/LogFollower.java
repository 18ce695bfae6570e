package org.supervisordj.logging;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Follows a log written by a {@link RotatingFileSink} ({@code tail -f}), across rotations.
 *
 * <p>The follower keeps the file it reads open, so after a rotation it drains that file through its
 * descriptor (whatever it is called now), then moves to the next newer file in the chain
 * {@code name.N} … {@code name.1}, {@code name}. Each byte is returned exactly once as long as the
 * caller polls before the file being read rotates out of the last backup; bytes that were deleted
 * before being read are skipped. Not thread-safe: one caller drives it with {@link #poll}.
 */
public final class LogFollower implements Closeable {

    private static final int CHUNK = 64 * 1024;
    // A chain scan is repeated until two agree, so a rotation mid-scan is not taken for the chain.
    private static final int MAX_SCANS = 10;

    private final Path file;
    private final int backups;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);

    private FileChannel channel; // null until the file exists
    private Object key;          // fileKey (device, inode) of the file that channel reads
    private long position;

    /** Starts following at the current end of {@code file}, or at its start once it appears. */
    public LogFollower(Path file, int backups) throws IOException {
        this(file, backups, -1);
    }

    /** Starts following at {@code offset} of the current {@code file} (e.g. a tail's size); -1 means its end. */
    public LogFollower(Path file, int backups, long offset) throws IOException {
        if (backups < 0) {
            throw new IllegalArgumentException("backups must be >= 0: " + backups);
        }
        this.file = file;
        this.backups = backups;
        if (open(file, null)) {
            position = offset < 0 ? channel.size() : offset;
        }
    }

    /** Copies the bytes written since the last poll into {@code out}; returns how many. */
    public long poll(OutputStream out) throws IOException {
        long total = 0;
        for (int n; (n = poll(chunk.clear())) > 0; total += n) {
            out.write(chunk.array(), 0, n);
        }
        return total;
    }

    /** Copies as many new bytes as fit into {@code dst}; returns how many (0 if none or no room). */
    public int poll(ByteBuffer dst) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            if (channel == null && !open(file, null)) {
                break;
            }
            // Stat before reading: the sink renames a file only after its last write to it, so if
            // the name points elsewhere now, reading our descriptor to EOF gets every byte.
            BasicFileAttributes now = attributes(file);
            boolean replaced = now != null && !key.equals(now.fileKey());
            if (!replaced && now != null && now.size() < position) {
                position = 0; // truncated in place (backups=0, or logrotate's copytruncate)
            }
            int n = channel.read(dst, position);
            if (n > 0) {
                position += n;
                total += n;
            } else if (!replaced || !advance()) {
                break;
            }
        }
        return total;
    }

    /** Closes the file being followed. */
    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    // Moves from the drained file to the next newer one in the chain; false to try on a later poll.
    private boolean advance() throws IOException {
        Object[] keys = scanChain();
        if (keys == null) {
            return false;
        }
        int next = 0; // if our file was deleted unread, resume at the oldest file still kept
        for (int i = 0; i < keys.length; i++) {
            if (key.equals(keys[i])) {
                next = i + 1;
            }
        }
        while (next < keys.length && keys[next] == null) {
            next++;
        }
        if (next == keys.length) {
            return false;
        }
        FileChannel old = channel;
        if (!open(chainPath(next), keys[next])) {
            return false;
        }
        old.close();
        position = 0;
        return true;
    }

    // fileKeys of name.N … name.1, name (null where absent), or null if rotation kept changing them.
    private Object[] scanChain() throws IOException {
        Object[] previous = null;
        for (int scan = 0; scan < MAX_SCANS; scan++) {
            Object[] keys = new Object[backups + 1];
            for (int i = 0; i <= backups; i++) {
                BasicFileAttributes a = attributes(chainPath(i));
                keys[i] = a == null ? null : a.fileKey();
            }
            if (Arrays.equals(keys, previous)) {
                return keys;
            }
            previous = keys;
        }
        return null;
    }

    private Path chainPath(int index) {
        int n = backups - index;
        return n == 0 ? file : file.resolveSibling(file.getFileName() + "." + n);
    }

    // Opens path if it is (still) the file with fileKey expected (any file when null): stat, open,
    // stat, so that a rename between the stat and the open cannot slip in another file.
    private boolean open(Path path, Object expected) throws IOException {
        BasicFileAttributes before = attributes(path);
        if (before == null || (expected != null && !expected.equals(before.fileKey()))) {
            return false;
        }
        FileChannel fresh;
        try {
            fresh = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        BasicFileAttributes after = attributes(path);
        if (after == null || !before.fileKey().equals(after.fileKey())) {
            fresh.close();
            return false;
        }
        channel = fresh;
        key = before.fileKey();
        position = 0;
        return true;
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
