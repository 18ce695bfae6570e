package org.supervisordj.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP/1.1 server on a real Unix socket or TCP port, small enough to read in one go, that
 * answers with whatever the test's handler writes. It stands in for the daemon until the API is
 * merged; its answers follow docs/api.md.
 */
final class FakeDaemon implements AutoCloseable {

    /** One request as received. Header names are lower-cased. */
    record Request(String method, String target, Map<String, String> headers, String body) {
        String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        String query() {
            int q = target.indexOf('?');
            return q < 0 ? "" : target.substring(q + 1);
        }
    }

    /** Writes the answer to one request. */
    interface Handler {
        void handle(Request request, Responder respond) throws Exception;
    }

    /** Ways to answer. */
    static final class Responder {
        final OutputStream out;

        Responder(OutputStream out) {
            this.out = out;
        }

        void json(int status, String body) throws IOException {
            fixed(status, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        void fixed(int status, String contentType, byte[] body, Map<String, String> headers) throws IOException {
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: " + body.length + "\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            raw(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            raw(body);
        }

        /** Starts a chunked response; follow with chunk(...) and end(). */
        void chunkedHead(int status, String contentType, Map<String, String> headers) throws IOException {
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType
                    + "\r\nTransfer-Encoding: chunked\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            raw(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        void chunk(String text) throws IOException {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            raw((Integer.toHexString(b.length) + ";ext=1\r\n").getBytes(StandardCharsets.ISO_8859_1));
            raw(b);
            raw("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }

        void end() throws IOException {
            raw("0\r\nX-Trailer: yes\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }

        void raw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }
    }

    private final ServerSocketChannel server;
    private final String url;
    private final Handler handler;
    private final Path socket;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    private FakeDaemon(ServerSocketChannel server, String url, Path socket, Handler handler) {
        this.server = server;
        this.url = url;
        this.socket = socket;
        this.handler = handler;
        Thread t = new Thread(this::acceptLoop, "fake-daemon");
        t.setDaemon(true);
        t.start();
    }

    /** A server on a Unix socket at path. */
    static FakeDaemon unix(Path path, Handler handler) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        return new FakeDaemon(s, "unix://" + path, path, handler);
    }

    /** A server on a loopback TCP port. */
    static FakeDaemon tcp(Handler handler) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        int port = ((InetSocketAddress) s.getLocalAddress()).getPort();
        return new FakeDaemon(s, "http://127.0.0.1:" + port, null, handler);
    }

    String url() {
        return url;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                Thread t = new Thread(() -> serve(ch), "fake-daemon-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            InputStream in = Channels.newInputStream(ch);
            OutputStream out = Channels.newOutputStream(ch);
            String requestLine = line(in);
            String[] parts = requestLine.split(" ");
            Map<String, String> headers = new TreeMap<>();
            String h;
            while (!(h = line(in)).isEmpty()) {
                int c = h.indexOf(':');
                headers.put(h.substring(0, c).strip().toLowerCase(Locale.ROOT), h.substring(c + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            Request request = new Request(parts[0], parts[1], headers, body);
            requests.add(request);
            handler.handle(request, new Responder(out));
        } catch (Throwable e) {
            if (!(e instanceof IOException)) failures.add(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') b.write(c);
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (socket != null) Files.deleteIfExists(socket);
    }
}
