package org.supervisordj.posix;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import jnr.enxio.channels.NativeDeviceChannel;
import jnr.enxio.channels.NativeSelectorProvider;

/**
 * One thread, "pipe-pump", that moves bytes from every child pipe to its sink with poll(2), so
 * the thread count does not grow with the number of programs.
 */
public final class PipePump implements AutoCloseable {

    /** Receives one pipe's bytes, unchanged, on the pump thread; must not block for long. */
    public interface Sink {
        /** Consumes all remaining bytes of {@code bytes}, which is reused after this returns. */
        void write(ByteBuffer bytes) throws IOException;

        /** Called once when the writing side has closed; the fd is closed right after. */
        void eof();
    }

    /**
     * Reads one fd in place of read(2), for a socket that must see each datagram's ancillary data (the
     * notify socket checks its sender); on the pump thread.
     */
    public interface Reader {
        /** Fills {@code buffer}; returns the bytes read, 0 when none is ready, -1 at end of file, or below -1 to read again. */
        int read(ByteBuffer buffer) throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(PipePump.class.getName());
    private static final int BUFFER_SIZE = 64 * 1024;
    // Read at most 1 MiB per pipe per round, so one chatty child cannot starve the others;
    // poll reports the pipe again at once if bytes remain.
    private static final int MAX_READS_PER_ROUND = 16;

    private record Registration(int fd, Reader reader, Sink sink) {
    }

    private static final class Stream {
        final Reader reader; // null: read(2)
        final Sink sink;
        boolean broken; // the sink failed once: keep draining, discard, stay quiet

        Stream(Reader reader, Sink sink) {
            this.reader = reader;
            this.sink = sink;
        }
    }

    private final Selector selector;
    private final Queue<Registration> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Set<SelectionKey> live = new HashSet<>(); // pump thread only
    private volatile boolean closed;
    private final Thread thread;
    private final CompletableFuture<Throwable> died = new CompletableFuture<>();

    /** Opens the poll selector and starts the pump thread. */
    public PipePump() throws IOException {
        selector = NativeSelectorProvider.getInstance().openSelector();
        thread = new Thread(this::run, "pipe-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Hands the read end {@code readFd} to the pump, which owns and closes it from now on; safe from any
     * thread. Throws IllegalStateException (having closed the fd) once the pump is closed or has died.
     */
    public void register(int readFd, Sink sink) {
        register(readFd, null, sink);
    }

    /** As {@link #register(int, Sink)}, reading {@code readFd} with {@code reader} (null: read(2)). */
    public void register(int readFd, Reader reader, Sink sink) {
        if (closed) {
            Pipes.close(readFd); // nobody would ever read it: the child's writes fail rather than block
            throw new IllegalStateException("pipe pump is closed; fd " + readFd + " not registered");
        }
        // enxio's PollSelector resizes its pollfd array on register, which is unsafe while the
        // pump thread is inside poll(), so the pump thread does the registering itself.
        Registration registration = new Registration(readFd, reader, sink);
        pending.add(registration);
        if (closed && pending.remove(registration)) {
            Pipes.close(readFd); // lost the race with close(): nobody would ever read it
            throw new IllegalStateException("pipe pump is closed; fd " + readFd + " not registered");
        }
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup(); // at most one byte in flight: its wakeup pipe is blocking
        }
    }

    /**
     * Completes, with the cause, if the pump thread dies (it never does on {@link #close()}): child output
     * is no longer read, and the fds it owned are closed so that no child blocks on a full pipe.
     */
    public CompletableFuture<Throwable> died() {
        return died;
    }

    /** Stops the pump and closes every fd it owns, without calling eof(). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        selector.wakeup();
        try {
            thread.join(5000); // bounded: a sink stuck in write() must not hang shutdown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
        try {
            while (!closed) {
                wakeupPending.set(false); // before draining: a later register() must wake us again
                addPending();
                selector.select();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    drain(key, buffer);
                }
            }
        } catch (Throwable e) {
            boolean asked = closed;
            closed = true; // first: register() refuses from now on
            try {
                shutdown();
            } finally {
                if (!asked) {
                    LOG.log(Level.ERROR, "pipe pump died; child output is no longer read", e);
                    died.complete(e);
                }
            }
            return;
        }
        shutdown();
    }

    private void addPending() throws IOException {
        Registration r;
        while ((r = pending.poll()) != null) {
            NativeDeviceChannel channel = new NativeDeviceChannel(r.fd());
            channel.configureBlocking(false);
            live.add(channel.register(selector, SelectionKey.OP_READ, new Stream(r.reader(), r.sink())));
        }
    }

    private void drain(SelectionKey key, ByteBuffer buffer) {
        NativeDeviceChannel channel = (NativeDeviceChannel) key.channel();
        Stream stream = (Stream) key.attachment();
        for (int i = 0; i < MAX_READS_PER_ROUND; i++) {
            buffer.clear();
            int n;
            try {
                n = stream.reader == null ? channel.read(buffer) : stream.reader.read(buffer); // 0 = EAGAIN, -1 = EOF
            } catch (IOException e) {
                LOG.log(Level.WARNING, "read from fd " + channel.getFD() + " failed; treating as EOF", e);
                n = -1;
            }
            if (n == 0) {
                return;
            }
            if (n < -1) {
                continue; // the reader dropped what it read
            }
            if (n < 0) {
                finish(key, channel, stream);
                return;
            }
            buffer.flip();
            if (!stream.broken) {
                try {
                    stream.sink.write(buffer);
                } catch (IOException | RuntimeException e) {
                    // Keep reading and discarding: a child blocked on a full pipe would hang. (An Error
                    // ends the pump: see died().)
                    stream.broken = true;
                    LOG.log(Level.ERROR, "log sink for fd " + channel.getFD()
                            + " failed; discarding this pipe's output from now on", e);
                }
            }
        }
    }

    private void finish(SelectionKey key, NativeDeviceChannel channel, Stream stream) {
        live.remove(key);
        try {
            stream.sink.eof();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "log sink eof failed for fd " + channel.getFD(), e);
        }
        closeQuietly(channel); // also cancels the key; the selector drops it on the next poll
    }

    private void shutdown() {
        for (SelectionKey key : live) {
            closeQuietly((NativeDeviceChannel) key.channel());
        }
        live.clear();
        Registration r;
        while ((r = pending.poll()) != null) {
            Pipes.close(r.fd());
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the pipe selector failed", e);
        }
    }

    private static void closeQuietly(NativeDeviceChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "close of fd " + channel.getFD() + " failed", e);
        }
    }
}
