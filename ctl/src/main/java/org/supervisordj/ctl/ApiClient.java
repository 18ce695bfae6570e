package org.supervisordj.ctl;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLException;

/**
 * The daemon's control API (docs/api.md) as ctl sees it: JSON in, JSON out, one connection per
 * request. Every transport failure becomes a one-line {@link CtlException} worded as
 * supervisorctl words it ("unix:///run/supervisord-j.sock no such file").
 */
final class ApiClient {
    static final String PREFIX = "/api/v1";
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final ServerUrl url;
    private final String authorization;

    /** A client for url; username null means no credentials are sent. */
    ApiClient(ServerUrl url, String username, String password) {
        this.url = url;
        this.authorization = username == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
    }

    /** The server this client talks to. */
    ServerUrl url() {
        return url;
    }

    /** GETs a JSON resource. */
    ApiResponse get(String path) {
        return json("GET", path, null);
    }

    /** POSTs a JSON body (null for none) and reads the JSON answer. */
    ApiResponse post(String path, String jsonBody) {
        return json("POST", path, jsonBody);
    }

    private ApiResponse json(String method, String path, String jsonBody) {
        try (Exchange ex = open(method, path, jsonBody)) {
            return ex.json();
        } catch (IOException e) {
            throw broken(e);
        }
    }

    /**
     * Sends a request and returns the open exchange, for bodies that are streamed (logs). 401 is
     * already handled; the caller closes the exchange.
     */
    Exchange open(String method, String path, String jsonBody) {
        HttpConnection conn = connect();
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("User-Agent", "ctl/" + CtlVersion.current());
            headers.put("Accept", "application/json, application/octet-stream");
            if (authorization != null) headers.put("Authorization", authorization);
            byte[] body = null;
            if (jsonBody != null) {
                headers.put("Content-Type", "application/json");
                body = jsonBody.getBytes(StandardCharsets.UTF_8);
            }
            HttpResponse response = conn.exchange(method, PREFIX + path, headers, body);
            if (response.status() == 401) {
                throw new CtlException(ExitStatus.GENERIC, "Server requires authentication"
                        + (authorization == null ? " (use -u/-p, SUPERVISORD_J_USERNAME/PASSWORD or -c)"
                                : " (the credentials were refused)"));
            }
            return new Exchange(conn, response);
        } catch (IOException e) {
            closeQuietly(conn);
            throw broken(e);
        } catch (RuntimeException e) {
            closeQuietly(conn);
            throw e;
        }
    }

    private HttpConnection connect() {
        try {
            return HttpConnection.open(url, CONNECT_TIMEOUT_MILLIS);
        } catch (ConnectException e) {
            throw new CtlException(ExitStatus.UNAVAILABLE, url.text() + " refused connection");
        } catch (UnknownHostException e) {
            throw new CtlException(ExitStatus.UNAVAILABLE, url.text() + " unknown host");
        } catch (NoRouteToHostException e) {
            throw new CtlException(ExitStatus.UNAVAILABLE, url.text() + " no route to host");
        } catch (SocketTimeoutException e) {
            throw new CtlException(ExitStatus.UNAVAILABLE, url.text() + " timed out");
        } catch (SSLException e) {
            throw new CtlException(ExitStatus.GENERIC, url.text() + " TLS failed: " + e.getMessage());
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            String lower = m.toLowerCase(Locale.ROOT);
            if (lower.contains("no such file")) throw new CtlException(ExitStatus.UNAVAILABLE, url.text() + " no such file");
            if (lower.contains("refused")) throw new CtlException(ExitStatus.UNAVAILABLE, url.text() + " refused connection");
            if (lower.contains("permission denied")) {
                throw new CtlException(ExitStatus.GENERIC, url.text() + " permission denied");
            }
            throw new CtlException(ExitStatus.UNAVAILABLE, url.text() + " " + m);
        }
    }

    private CtlException broken(IOException e) {
        return new CtlException(ExitStatus.GENERIC, url.text() + ": " + e.getMessage());
    }

    /**
     * Percent-encodes a namespec as one path segment. ':' and '*' stay as they are (the API
     * takes them raw, like curl sends them); '/', '?', '#', '%' and spaces cannot.
     */
    static String segment(String namespec) {
        StringBuilder sb = new StringBuilder();
        for (byte b : namespec.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~:*@!$&'()+,;=".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Closing after a failure: the first error is the one to report.
        }
    }

    /** One request's open connection and its response. */
    final class Exchange implements Closeable {
        private final HttpConnection conn;
        final HttpResponse response;

        Exchange(HttpConnection conn, HttpResponse response) {
            this.conn = conn;
            this.response = response;
        }

        /** Reads the body as JSON; an answer that is not JSON is an error naming the HTTP status. */
        ApiResponse json() throws IOException {
            String text = response.bodyText();
            try {
                return new ApiResponse(response.status(), Json.parse(text));
            } catch (IllegalArgumentException e) {
                throw new CtlException(ExitStatus.GENERIC, url.text() + " did not answer with JSON (HTTP "
                        + response.status() + "): " + e.getMessage());
            }
        }

        @Override
        public void close() {
            closeQuietly(conn);
        }
    }
}
