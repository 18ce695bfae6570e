package org.supervisordj.config;

/**
 * A listening socket the daemon creates and holds for a program: {@code [fcgi-program:x] socket=} or one
 * entry of {@code listen_sockets=}. Two configs with the same {@link #url} are the same socket (as in
 * supervisord's SocketConfig.__eq__); the other fields are applied to it in place when they change.
 *
 * @param url      supervisord's canonical form: {@code tcp://host:port} (host lower-cased) or {@code unix:///path}
 * @param host     TCP host to bind (IPv4, resolved at creation), or null for a Unix socket
 * @param port     TCP port, 0 for a Unix socket
 * @param path     absolute, normalised Unix socket path, or null for TCP
 * @param ownerUid Unix socket owner, or null to leave the daemon's
 * @param ownerGid its group, -1 to leave it unchanged
 * @param mode     Unix socket mode (supervisord's default 0700), or null for TCP
 * @param backlog  listen(2) backlog, or null for SOMAXCONN
 */
public record SocketConfig(String url, String host, int port, String path, Integer ownerUid, int ownerGid,
                           Integer mode, Integer backlog) {

    /** Returns true for a Unix domain socket. */
    public boolean isUnix() {
        return path != null;
    }

    @Override
    public String toString() {
        return url;
    }
}
