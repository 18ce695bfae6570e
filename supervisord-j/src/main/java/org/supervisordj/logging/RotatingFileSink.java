package org.supervisordj.logging;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A log file with supervisord's size-based rotation: {@code name}, {@code name.1} … {@code name.N}.
 *
 * <p>After every write, if the file holds {@code maxBytes} or more, {@code name.N-1} moves to
 * {@code name.N} … {@code name.1} to {@code name.2}, {@code name} to {@code name.1}, and a new empty
 * {@code name} is opened. A write always goes whole into one file, so a file may exceed
 * {@code maxBytes} by at most one write (as in supervisord), and no byte is lost or duplicated
 * among the files kept. {@code backups == 0} truncates {@code name} in place; {@code maxBytes == 0}
 * never rotates.
 *
 * <p>A target that is not a regular file when opened ({@code /dev/stdout}, {@code /dev/null}, a
 * pipe, or any symlink such as {@code /proc/1/fd/1}) is written but never sized or rotated:
 * supervisord fails there with "Illegal seek" and closes the channel. Symlinks are not rotated
 * because renaming the link would move the link, not the data it points at.
 *
 * <p>A full disk (or any other write error) does not end the log: what cannot be written is
 * dropped and counted, every later write tries again, and the first one that succeeds says how
 * many bytes were lost, once, in the daemon's log (supervisord also just retries on each write).
 * A rotation that fails (no inode for the new file) is retried at the next write past
 * {@code maxBytes}, at most once a second, so the file does not grow without bound.
 */
public final class RotatingFileSink implements LogSink {

    private static final System.Logger LOG = System.getLogger(RotatingFileSink.class.getName());

    private final Path file;
    private final long maxBytes;
    private final int backups;

    private FileChannel channel;
    // Bytes in the current file, counted rather than stat'ed on every write.
    private long size;
    // False for non-regular targets.
    private boolean rotating;
    private boolean closed;
    // Bytes dropped since writing last failed; -1 while writes succeed.
    private long dropped = -1;
    // System.nanoTime() before which a failed rotation is not tried again; 0 when none failed.
    private long rotationRetryAt;
    private static final long ROTATION_RETRY_NANOS = 1_000_000_000L;

    /** Opens {@code file} for appending, creating it if missing; {@code maxBytes == 0} never rotates. */
    public RotatingFileSink(Path file, long maxBytes, int backups) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxbytes must be >= 0: " + maxBytes);
        }
        if (backups < 0) {
            throw new IllegalArgumentException("backups must be >= 0: " + backups);
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.backups = backups;
        this.channel = openTarget();
    }

    /**
     * Writes all remaining bytes, then rotates if the file has reached {@code maxBytes}; bytes that
     * cannot be written are dropped (and counted), so only a closed sink throws.
     */
    @Override
    public synchronized void write(ByteBuffer bytes) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        try {
            if (!channel.isOpen()) {
                channel = openTarget(); // closed under us (an interrupted writer): the name still works
            }
            while (bytes.hasRemaining()) {
                size += channel.write(bytes);
            }
        } catch (IOException e) {
            drop(bytes, e);
            return;
        }
        if (dropped >= 0) {
            LOG.log(Level.WARNING, "writing " + file + " again; " + dropped
                    + " bytes of output were dropped while it could not be written");
            dropped = -1;
        }
        // The bytes are safely in the file now; rotation problems are logged, never thrown,
        // so that a caller never retries (and duplicates) a write that succeeded.
        if (rotating && size >= maxBytes && (rotationRetryAt == 0 || System.nanoTime() - rotationRetryAt >= 0)) {
            rotate();
        }
    }

    /** Returns true while writes fail and output is being dropped. */
    public synchronized boolean dropping() {
        return dropped >= 0;
    }

    private void drop(ByteBuffer bytes, IOException e) {
        if (dropped < 0) {
            dropped = 0;
            // The program goes on; its output resumes as soon as the file takes writes again.
            LOG.log(Level.WARNING, "can't write " + file + " (" + reason(e)
                    + "); dropping this output until it can be written again");
        }
        dropped += bytes.remaining();
        bytes.position(bytes.limit());
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.channels.ClosedChannelException ? "the file was closed" : Reason.of(e);
    }

    /** Opens {@code file} anew (after an external rename) and then closes the old channel. */
    @Override
    public synchronized void reopen() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        // Open first: if that fails, output keeps flowing to the old file instead of being lost.
        FileChannel fresh = openTarget();
        FileChannel old = channel;
        channel = fresh;
        old.close();
    }

    /** Closes the file; later writes and reopens throw {@link ClosedChannelException}. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }

    /** Opens the target and decides, from what it is now, whether it may be sized and rotated. */
    private FileChannel openTarget() throws IOException {
        boolean regular = isRegularOrAbsent(file);
        FileChannel fresh = FileChannel.open(file,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        rotating = regular && maxBytes > 0;
        size = regular ? fresh.size() : 0;
        return fresh;
    }

    private static boolean isRegularOrAbsent(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .isRegularFile();
        } catch (NoSuchFileException e) {
            return true; // we are about to create it as a regular file
        }
    }

    private void rotate() {
        try {
            // A retry after a failed open of the new file: the shift was done, the file being
            // written is name.1 now, and shifting again would push it (and a backup) one further.
            if (backups > 0 && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                shiftBackups();
            }
            // Like supervisord's open(name, 'w'): a fresh empty file by name (with backups == 0,
            // the same file truncated in place). Append mode keeps external truncation harmless.
            FileChannel fresh = FileChannel.open(file,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            fresh.truncate(0);
            FileChannel old = channel;
            channel = fresh;
            size = 0;
            old.close();
            if (rotationRetryAt != 0) {
                LOG.log(Level.WARNING, "rotation of " + file + " works again");
                rotationRetryAt = 0;
            }
        } catch (IOException e) {
            // Keep the old channel: output goes on into whatever that file is now called.
            if (rotationRetryAt == 0) {
                LOG.log(Level.WARNING, "rotation of " + file + " failed (" + reason(e)
                        + "); appending to it and trying again");
            }
            rotationRetryAt = System.nanoTime() + ROTATION_RETRY_NANOS;
            if (rotationRetryAt == 0) rotationRetryAt = 1;
        }
    }

    // Highest first, so that no backup is overwritten before it has moved.
    private void shiftBackups() throws IOException {
        for (int i = backups - 1; i >= 1; i--) {
            renameIfPresent(backup(i), backup(i + 1));
        }
        renameIfPresent(file, backup(1));
    }

    private Path backup(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private static void renameIfPresent(Path from, Path to) throws IOException {
        try {
            // rename(2): replaces an existing target atomically, as supervisord's removeAndRename.
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // Tolerated as in supervisord: "cleanup script removes active log".
        }
    }
}
