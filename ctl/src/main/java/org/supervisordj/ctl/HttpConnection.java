package org.supervisordj.ctl;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 exchange over a Unix socket, TCP or TLS: a request out, a response in, then close.
 *
 * <p>Hand-written because the JDK's HttpClient cannot speak over AF_UNIX, and a client library
 * would cost ctl more start-up time than the whole command. It sends {@code Connection: close},
 * reads Content-Length, chunked and read-until-close bodies, and hands the body out as a stream
 * so that {@code tail -f} prints each chunk as it arrives.
 */
final class HttpConnection implements Closeable {
    private static final int MAX_HEAD = 64 * 1024;

    private final Closeable socket;
    private final InputStream in;
    private final OutputStream out;
    private final String hostHeader;

    private HttpConnection(Closeable socket, InputStream in, OutputStream out, String hostHeader) {
        this.socket = socket;
        this.in = new BufferedInputStream(in, 8192);
        this.out = out;
        this.hostHeader = hostHeader;
        ShellInterrupt.opened(this);
    }

    /** Connects to the server; the raw IOException (missing file, refused, …) is the caller's to word. */
    static HttpConnection open(ServerUrl url, int connectTimeoutMillis) throws IOException {
        if (url.isUnix()) {
            SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(url.socketPath()));
            return new HttpConnection(ch, Channels.newInputStream(ch), Channels.newOutputStream(ch), url.hostHeader());
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(url.host(), url.port()), connectTimeoutMillis);
            if (url.scheme().equals("https")) {
                SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(s, url.host(), url.port(), true);
                SSLParameters params = tls.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(params);
                tls.startHandshake();
                s = tls;
            }
            return new HttpConnection(s, s.getInputStream(), s.getOutputStream(), url.hostHeader());
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Sends one request and reads the response head. The body stream ends where the response's
     * framing says; closing this connection abandons the rest.
     *
     * @param body the request body, or null for none
     */
    HttpResponse exchange(String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostHeader).append("\r\n");
        head.append("Connection: close\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (body != null || method.equals("POST") || method.equals("PUT")) {
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) out.write(body);
        out.flush();
        return readResponse(method);
    }

    private HttpResponse readResponse(String method) throws IOException {
        while (true) {
            String statusLine = readLine();
            if (statusLine == null) throw new IOException("connection closed before the response");
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response: " + abbreviate(statusLine));
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad HTTP status line: " + abbreviate(statusLine));
            }
            Map<String, String> headers = readHeaders();
            if (status >= 100 && status < 200) continue; // 100 Continue and friends: the real answer follows
            return new HttpResponse(status, headers, body(method, status, headers));
        }
    }

    private InputStream body(String method, int status, Map<String, String> headers) throws IOException {
        if (method.equals("HEAD") || status == 204 || status == 304) return InputStream.nullInputStream();
        String te = headers.get("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) return new ChunkedInputStream(in);
        String cl = headers.get("content-length");
        if (cl != null) {
            try {
                return new FixedLengthInputStream(in, Long.parseLong(cl.strip()));
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + abbreviate(cl));
            }
        }
        return in; // HTTP/1.0 style: the body runs until the server closes
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = readLine();
            if (line == null) throw new IOException("connection closed in the response headers");
            if (line.isEmpty()) return headers;
            total += line.length();
            if (total > MAX_HEAD) throw new IOException("response headers over " + MAX_HEAD + " bytes");
            int colon = line.indexOf(':');
            if (colon <= 0) throw new IOException("bad header line: " + abbreviate(line));
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
    }

    /** Reads a CRLF- (or LF-) terminated line as ISO-8859-1; null at end of stream before any byte. */
    private String readLine() throws IOException {
        return readLine(in);
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] b = line.toByteArray();
                int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (line.size() > MAX_HEAD) throw new IOException("line over " + MAX_HEAD + " bytes");
            line.write(c);
        }
        if (line.size() == 0) return null;
        throw new IOException("connection closed mid-line");
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    @Override
    public void close() throws IOException {
        ShellInterrupt.closed(this);
        socket.close();
    }
}
