package org.supervisordj.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded client load on a localhost port: GETs back to back from one thread, each on a new
 * connection (HTTP/1.0, so no keep-alive hides a restart), counting 200s and everything else.
 */
final class RequestLoop implements AutoCloseable {
    private static final int MAX_REQUESTS = 100_000;
    private final int port;
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger badGateway = new AtomicInteger();
    private final List<String> firstFailures = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stop;

    RequestLoop(int port) {
        this.port = port;
        this.thread = new Thread(this::run, "request-loop-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    /** The requests that got anything but a 200: refused, reset, closed unanswered, timed out, an error status. */
    int lost() {
        return failed.get();
    }

    /** The failures that were nginx's 502: every try of the request reached a server that closed it unanswered. */
    int badGateway() {
        return badGateway.get();
    }

    /** "lost of sent (first few causes)", for messages and the printed figures. */
    @Override
    public String toString() {
        return failed.get() + " of " + (ok.get() + failed.get()) + " requests failed" + (firstFailures.isEmpty() ? "" : " " + firstFailures);
    }

    /** Waits until {@code n} more requests have been answered, so the load spans what happens meanwhile. */
    void awaitMore(int n, Duration timeout) throws InterruptedException {
        int target = ok.get() + n;
        Launchers.await(timeout, n + " more answers on port " + port + " (" + this + ")", () -> ok.get() >= target || !thread.isAlive());
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(60_000);
    }

    private void run() {
        byte[] request = "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < MAX_REQUESTS && !stop; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                s.setSoTimeout(60_000);
                s.getOutputStream().write(request);
                InputStream in = s.getInputStream();
                String status = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().findFirst().orElse("(empty)");
                if (status.matches("HTTP/1\\.[01] 200 .*")) ok.incrementAndGet();
                else {
                    if (status.matches("HTTP/1\\.[01] 502 .*")) badGateway.incrementAndGet();
                    failure(status);
                }
            } catch (IOException e) {
                failure(e.toString());
            }
        }
    }

    private void failure(String why) {
        failed.incrementAndGet();
        if (firstFailures.size() < 3) firstFailures.add(why);
    }
}
