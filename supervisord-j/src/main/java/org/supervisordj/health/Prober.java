package org.supervisordj.health;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.supervisordj.config.ProbeSpec;

/**
 * Every TCP and HTTP probe of the daemon, on one thread ("probes") with one selector: connects and
 * HTTP/1.1 GETs are non-blocking, so the thread count stays one whatever the number of checks.
 * Results of one selector round go to {@code deliver} as one task (the engine's inbox), so 200 checks
 * finishing together wake the engine once, not 200 times. With no check due the thread sleeps in
 * select() until the next one is: no periodic wakeup.
 */
public final class Prober implements AutoCloseable {

    /** A repeating probe; cancel it from the thread {@code deliver} runs on, and no later result is seen. */
    public interface Watch {
        void cancel();
    }

    private static final int MAX_RESPONSE_LINE = 8192;

    private final Executor deliver;
    private final LongSupplier clock;
    private final Selector selector;
    private final Queue<Check> added = new ConcurrentLinkedQueue<>();
    private final List<Check> checks = new ArrayList<>(); // probe thread only
    private final Thread thread;
    private volatile boolean closed;

    /** Opens the selector and starts the thread; results are handed to {@code deliver}. */
    public Prober(Executor deliver, LongSupplier nanoClock) throws IOException {
        this.deliver = deliver;
        this.clock = nanoClock;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "probes");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Probes {@code spec} (TCP or HTTP) first after {@code firstDelayNanos}, then every {@code intervalNanos}
     * counted from the start of the previous attempt, each attempt failing after {@code timeoutNanos};
     * {@code onResult} runs inside a task given to {@code deliver}.
     */
    public Watch watch(ProbeSpec spec, long firstDelayNanos, long intervalNanos, long timeoutNanos,
                       Consumer<ProbeResult> onResult) {
        if (spec.kind() != ProbeSpec.Kind.TCP && spec.kind() != ProbeSpec.Kind.HTTP) {
            throw new IllegalArgumentException("the prober runs TCP and HTTP probes, not " + spec.kind());
        }
        Check c = new Check(spec, clock.getAsLong() + firstDelayNanos, intervalNanos, timeoutNanos, onResult);
        added.add(c);
        selector.wakeup();
        return c;
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Check implements Watch {
        final ProbeSpec spec;
        final long interval;
        final long timeout;
        final Consumer<ProbeResult> onResult;
        volatile boolean cancelled;
        long nextAt;
        InetSocketAddress address; // resolved once: a name in /etc/hosts does not move between probes
        Attempt attempt;

        Check(ProbeSpec spec, long firstAt, long interval, long timeout, Consumer<ProbeResult> onResult) {
            this.spec = spec;
            this.nextAt = firstAt;
            this.interval = interval;
            this.timeout = timeout;
            this.onResult = onResult;
        }

        @Override
        public void cancel() {
            cancelled = true;
            selector.wakeup();
        }
    }

    private static final class Attempt {
        final SocketChannel channel;
        final long startedAt;
        final long deadline;
        ByteBuffer request;
        final ByteBuffer response = ByteBuffer.allocate(MAX_RESPONSE_LINE);

        Attempt(SocketChannel channel, long startedAt, long deadline) {
            this.channel = channel;
            this.startedAt = startedAt;
            this.deadline = deadline;
        }
    }

    private void run() {
        List<Runnable> done = new ArrayList<>();
        try {
            while (!closed) {
                for (Check c; (c = added.poll()) != null; ) checks.add(c);
                long now = clock.getAsLong();
                long wakeAt = Long.MAX_VALUE;
                for (Iterator<Check> it = checks.iterator(); it.hasNext(); ) {
                    Check c = it.next();
                    if (c.cancelled) {
                        abandon(c);
                        it.remove();
                        continue;
                    }
                    if (c.attempt != null && now >= c.attempt.deadline) {
                        finish(c, ProbeResult.failed("timed out after " + seconds(c.timeout)), done, now);
                    }
                    if (c.attempt == null && now >= c.nextAt) begin(c, now, done);
                    wakeAt = Math.min(wakeAt, c.attempt != null ? c.attempt.deadline : c.nextAt);
                }
                hand(done);
                long waitMs = wakeAt == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(wakeAt - now + 999_999));
                selector.select(waitMs);
                now = clock.getAsLong();
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    progress((Check) key.attachment(), key, done, now);
                }
                hand(done);
            }
        } catch (IOException | RuntimeException e) {
            System.getLogger(Prober.class.getName()).log(System.Logger.Level.ERROR, "the probe thread failed", e);
        } finally {
            for (Check c : checks) abandon(c);
            try {
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void hand(List<Runnable> done) {
        if (done.isEmpty()) return;
        List<Runnable> batch = List.copyOf(done);
        done.clear();
        try {
            deliver.execute(() -> batch.forEach(Runnable::run));
        } catch (RuntimeException e) {
            // The receiver is gone (the engine has ended) or one callback failed: the other checks go on.
            System.getLogger(Prober.class.getName()).log(System.Logger.Level.WARNING, "a probe result was not delivered", e);
        }
    }

    private void begin(Check c, long now, List<Runnable> done) {
        SocketChannel ch = null;
        try {
            if (c.address == null) c.address = new InetSocketAddress(InetAddress.getByName(c.spec.host()), c.spec.port());
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            c.attempt = new Attempt(ch, now, now + c.timeout);
            if (ch.connect(c.address)) {
                connected(c, ch.register(selector, 0, c), done, now);
            } else {
                ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException | RuntimeException e) {
            if (c.attempt == null && ch != null) closeQuietly(ch);
            if (c.attempt == null) c.attempt = new Attempt(null, now, now);
            finish(c, ProbeResult.failed(describe(e)), done, now);
        }
    }

    private void progress(Check c, SelectionKey key, List<Runnable> done, long now) {
        if (c.attempt == null || key.channel() != c.attempt.channel) return;
        try {
            if (key.isConnectable()) {
                c.attempt.channel.finishConnect();
                connected(c, key, done, now);
            } else if (key.isWritable()) {
                write(c, key);
            } else if (key.isReadable()) {
                read(c, done, now);
            }
        } catch (IOException | RuntimeException e) { // CancelledKeyException and the like: this check failed, not the thread
            finish(c, ProbeResult.failed(describe(e)), done, now);
        }
    }

    private void connected(Check c, SelectionKey key, List<Runnable> done, long now) throws IOException {
        if (c.spec.kind() == ProbeSpec.Kind.TCP) {
            finish(c, ProbeResult.passed("connected"), done, now);
            return;
        }
        String hostHeader = c.spec.host().contains(":") ? "[" + c.spec.host() + "]" : c.spec.host();
        c.attempt.request = ByteBuffer.wrap(("GET " + c.spec.path() + " HTTP/1.1\r\nHost: " + hostHeader + ":" + c.spec.port()
                + "\r\nUser-Agent: supervisord-j-healthcheck\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        write(c, key);
    }

    private static void write(Check c, SelectionKey key) throws IOException {
        c.attempt.channel.write(c.attempt.request);
        key.interestOps(c.attempt.request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read(Check c, List<Runnable> done, long now) throws IOException {
        ByteBuffer buf = c.attempt.response;
        int n = c.attempt.channel.read(buf);
        String head = new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
        int eol = head.indexOf("\r\n");
        if (eol < 0 && n >= 0 && buf.hasRemaining()) return; // the status line is not complete yet
        String line = eol < 0 ? head : head.substring(0, eol);
        String[] parts = line.split(" ", 3);
        int code = parts.length >= 2 && parts[0].startsWith("HTTP/") ? parseCode(parts[1]) : -1;
        if (code < 0) {
            finish(c, ProbeResult.failed(n < 0 && head.isEmpty() ? "connection closed before a response" : "not an HTTP response"),
                    done, now);
        } else {
            finish(c, new ProbeResult(code >= 200 && code < 400, "HTTP " + code), done, now);
        }
    }

    private static int parseCode(String s) {
        try {
            int code = Integer.parseInt(s);
            return code >= 100 && code <= 999 ? code : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void finish(Check c, ProbeResult result, List<Runnable> done, long now) {
        Attempt a = c.attempt;
        if (a.channel != null) closeQuietly(a.channel);
        c.attempt = null;
        c.nextAt = Math.max(a.startedAt + c.interval, now);
        done.add(() -> {
            if (!c.cancelled) c.onResult.accept(result);
        });
    }

    private static void abandon(Check c) {
        if (c.attempt != null && c.attempt.channel != null) closeQuietly(c.attempt.channel);
        c.attempt = null;
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do: the probe is over either way
        }
    }

    private static String describe(Exception e) {
        if (e instanceof ConnectException) return "connection refused";
        if (e instanceof NoRouteToHostException) return "no route to host";
        if (e instanceof UnknownHostException) return "unknown host " + e.getMessage();
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.toLowerCase(java.util.Locale.ROOT);
    }

    private static String seconds(long nanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
