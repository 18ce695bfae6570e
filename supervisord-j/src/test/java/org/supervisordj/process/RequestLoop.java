package org.supervisordj.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client load on localhost: one thread sending HTTP/1.0 GETs back to back, a new connection each (as
 * nginx does to an upstream without keepalive), counting answers with status 200 and failures (refused,
 * reset, timed out, anything else). Bounded: it ends when stopped or after {@code max} requests.
 */
final class RequestLoop implements AutoCloseable {
    private final int port;
    private final int max;
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stop;

    RequestLoop(int port, int max) {
        this.port = port;
        this.max = max;
        this.thread = new Thread(this::run, "request-loop-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    int ok() {
        return ok.get();
    }

    int failed() {
        return failed.get();
    }

    /** Failures that were connection refused: no socket listening at all. */
    int refused() {
        return refused.get();
    }

    /** The first few failures, for the message of a failed assertion. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Waits until {@code n} more requests have been answered, so the load spans what happens meanwhile. */
    void awaitMore(int n) throws Exception {
        int target = ok() + n;
        EngineTestBase.awaitTrue(EngineTestBase.LONG, n + " more answers on port " + port
                + " (ok " + ok() + ", failed " + failed() + ", " + failures() + ")", () -> ok() >= target || !thread.isAlive());
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(60_000);
    }

    private void run() {
        for (int i = 0; i < max && !stop; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                out.write("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                if (answer.startsWith("HTTP/1.1 200") || answer.startsWith("HTTP/1.0 200")) {
                    ok.incrementAndGet();
                } else {
                    fail("answer: " + answer.lines().findFirst().orElse("(empty)"));
                }
            } catch (java.net.ConnectException e) {
                refused.incrementAndGet();
                fail(e.toString());
            } catch (IOException e) {
                fail(e.toString());
            }
        }
    }

    private void fail(String why) {
        failed.incrementAndGet();
        if (failures.size() < 5) failures.add(why);
    }
}
