package org.supervisordj.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A tiny HTTP/1.1 client over a SocketChannel: for the Unix socket, and for requests HttpClient won't send. */
public final class RawHttp {

    /** A parsed response; header names lowercased. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    /** Sends one request over the Unix socket with Connection: close and reads the whole response. */
    public static Response unix(Path socket, String method, String target, String body, String... headers) throws IOException {
        return exchange(UnixDomainSocketAddress.of(socket), method, target, body, headers);
    }

    static Response exchange(SocketAddress address, String method, String target, String body, String... headers)
            throws IOException {
        StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        for (String h : headers) req.append(h).append("\r\n");
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) req.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
        req.append("\r\n");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        raw.writeBytes(content);
        return send(address, raw.toByteArray());
    }

    /** Writes {@code request} as is and parses what comes back until EOF. */
    static Response send(SocketAddress address, byte[] request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(address)) {
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) ch.write(out);
            return parse(readAll(ch));
        }
    }

    /**
     * Writes {@code request} (over TCP or the Unix socket), half-closes when asked, and returns every
     * byte read until a whole response, EOF or the deadline (whatever came by then).
     */
    static byte[] sendWithin(SocketAddress address, byte[] request, boolean halfClose, java.time.Duration deadline)
            throws Exception {
        try (SocketChannel ch = SocketChannel.open(address)) {
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) ch.write(out);
            if (halfClose) ch.shutdownOutput();
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            java.util.concurrent.CompletableFuture<Void> reading = java.util.concurrent.CompletableFuture.runAsync(() -> {
                ByteBuffer buf = ByteBuffer.allocate(8192);
                try {
                    while (!complete(snapshot(in)) && ch.read(buf.clear()) > 0) {
                        synchronized (in) {
                            in.write(buf.array(), 0, buf.position());
                        }
                    }
                } catch (IOException e) {
                    // reset by the server after answering: keep what came
                }
            });
            try {
                reading.get(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                ch.close(); // the deadline passed: keep what came
            }
            return snapshot(in);
        }
    }

    private static byte[] snapshot(ByteArrayOutputStream in) {
        synchronized (in) {
            return in.toByteArray();
        }
    }

    /** Returns true once {@code raw} holds a whole response (by Content-Length or the last chunk). */
    private static boolean complete(byte[] raw) {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) return false;
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)")
                .matcher(all.substring(0, end));
        if (length.find()) return raw.length - end - 4 >= Integer.parseInt(length.group(1));
        return all.endsWith("\r\n0\r\n\r\n");
    }

    /** Opens a connection and sends a GET without Connection: close, for reading a stream with {@link #readUntil}. */
    static SocketChannel open(SocketAddress address, String target, String... headers) throws IOException {
        StringBuilder req = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headers) req.append(h).append("\r\n");
        SocketChannel ch = SocketChannel.open(address);
        ByteBuffer out = ByteBuffer.wrap(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        while (out.hasRemaining()) ch.write(out);
        return ch;
    }

    /** Reads from {@code ch} until the text read so far satisfies {@code done}; fails at EOF or after the deadline. */
    static String readUntil(SocketChannel ch, java.util.function.Predicate<String> done, java.time.Duration deadline)
            throws Exception {
        StringBuilder seen = new StringBuilder();
        java.util.concurrent.CompletableFuture<String> f = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            ByteBuffer buf = ByteBuffer.allocate(8192);
            try {
                while (!done.test(seen.toString())) {
                    if (ch.read(buf.clear()) < 0) break;
                    synchronized (seen) {
                        seen.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (!done.test(seen.toString())) {
                throw new AssertionError("the connection closed before the stream delivered; got so far:\n" + seen);
            }
            return seen.toString();
        });
        try {
            return f.get(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof AssertionError a) throw a;
            throw e;
        } catch (java.util.concurrent.TimeoutException e) {
            ch.close();
            synchronized (seen) {
                throw new AssertionError("stream did not deliver in time; got so far:\n" + seen);
            }
        }
    }

    static byte[] readAll(SocketChannel ch) throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (ch.read(buf.clear()) > 0) in.write(buf.array(), 0, buf.position());
        return in.toByteArray();
    }

    static Response parse(byte[] raw) {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) throw new IllegalStateException("no complete response head: " + all);
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) body = dechunk(body);
        return new Response(status, headers, body);
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < body.length) {
            int eol = indexOf(body, pos);
            int size = Integer.parseInt(new String(body, pos, eol - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
            if (size == 0) break;
            out.write(body, eol + 2, size);
            pos = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length - 1; i++) if (b[i] == '\r' && b[i + 1] == '\n') return i;
        throw new IllegalStateException("truncated chunked body");
    }
}
