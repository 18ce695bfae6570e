package org.supervisordj.config;

/**
 * One socket of {@code listen_sockets=} (extension): handed to the program as fd 3, 4, ... in order,
 * with {@code name} in LISTEN_FDNAMES, systemd's socket-activation protocol.
 */
public record ListenSocket(String name, SocketConfig socket) {
}
