package org.supervisordj.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.supervisordj.config.ProbeSpec;
import org.supervisordj.posix.Proc;

/** The one probe thread against real sockets: connects, HTTP status lines, timeouts, many checks at once. */
class ProberTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private Prober prober;
    private HttpServer http;

    @BeforeEach
    void start() throws Exception {
        prober = new Prober(Runnable::run, System::nanoTime);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        http.createContext("/", ex -> {
            int code = ex.getRequestURI().getPath().equals("/sick") ? 503 : 204;
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        http.start();
    }

    @AfterEach
    void stop() {
        prober.close();
        http.stop(0);
    }

    private ProbeResult once(String spec) throws Exception {
        CompletableFuture<ProbeResult> r = new CompletableFuture<>();
        Prober.Watch w = prober.watch(parse(spec), 0, SECOND, SECOND, r::complete);
        try {
            return r.get(30, TimeUnit.SECONDS);
        } finally {
            w.cancel();
        }
    }

    private static ProbeSpec parse(String spec) {
        return ProbeSpec.parse(spec, false);
    }

    @Test
    void tcpAndHttpProbesSeeWhatIsThere() throws Exception {
        int port = http.getAddress().getPort();
        assertEquals(new ProbeResult(true, "connected"), once("tcp:127.0.0.1:" + port));
        assertEquals(new ProbeResult(true, "HTTP 204"), once("http://127.0.0.1:" + port + "/"));
        assertEquals(new ProbeResult(false, "HTTP 503"), once("http://127.0.0.1:" + port + "/sick"));
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertEquals(new ProbeResult(false, "connection refused"), once("tcp:127.0.0.1:" + closed));
    }

    @Test
    void aServerThatAcceptsButNeverAnswersTimesOut() throws Exception {
        try (ServerSocket mute = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            ProbeResult r = once("http://127.0.0.1:" + mute.getLocalPort() + "/"); // the kernel completes the connect
            assertFalse(r.ok());
            assertEquals("timed out after 1 s", r.detail());
        }
    }

    @Test
    void twoHundredChecksShareOneThread() throws Exception {
        int port = http.getAddress().getPort();
        List<ProbeResult> results = new CopyOnWriteArrayList<>();
        List<Prober.Watch> watches = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            watches.add(prober.watch(parse("http://127.0.0.1:" + port + "/p" + i), 0, SECOND, 5 * SECOND, results::add));
        }
        Proc.await(Proc.DEADLINE, "400 results", () -> results.size() >= 400);
        long probeThreads = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("probes")).count();
        assertEquals(1, probeThreads);
        assertTrue(results.stream().allMatch(ProbeResult::ok), results.toString());
        watches.forEach(Prober.Watch::cancel);
    }
}
