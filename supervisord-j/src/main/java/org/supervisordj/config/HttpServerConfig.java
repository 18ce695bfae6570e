package org.supervisordj.config;

/**
 * A control server from {@code [unix_http_server]} or {@code [inet_http_server]}.
 *
 * @param unixSocket socket path for the Unix server, else null
 * @param chmod      socket mode (Unix only)
 * @param chown      "user" or "user:group" for the socket, or null (Unix only)
 * @param host       TCP host; "" means every interface (supervisord's "*:9001" and ":9001")
 * @param port       TCP port, or 0 for the Unix server
 * @param username   Basic auth user, or null
 * @param password   plain or "{SHA}hex" password, or null; never printed
 * @param tls        TLS settings for the TCP server, or null for plain HTTP
 */
public record HttpServerConfig(String unixSocket, int chmod, String chown, String host, int port,
                               String username, String password, TlsConfig tls) {

    /** A server without TLS. */
    public HttpServerConfig(String unixSocket, int chmod, String chown, String host, int port,
                            String username, String password) {
        this(unixSocket, chmod, chown, host, port, username, password, null);
    }

    /** Returns true for the Unix socket server. */
    public boolean isUnix() {
        return unixSocket != null;
    }

    /** Returns true when Basic auth is configured. */
    public boolean hasCredentials() {
        return username != null && password != null;
    }

    /** Omits the password. */
    @Override
    public String toString() {
        return isUnix() ? "unix://" + unixSocket : (tls == null ? "http://" : "https://") + host + ":" + port;
    }
}
