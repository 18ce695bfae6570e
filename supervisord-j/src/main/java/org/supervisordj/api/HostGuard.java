package org.supervisordj.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import org.eclipse.jetty.server.Request;

/**
 * DNS rebinding protection for a TCP listener without credentials (loopback only). A hostile page
 * can point its own name at 127.0.0.1 and then talk to the daemon as a same-origin page, past the
 * cross-site guard; only the Host header still tells: its browser sends the hostile name. Such a
 * listener therefore answers requests addressed to an IP address, to localhost, to its configured
 * host or to this machine's name, the names a local client uses, as Jupyter and Docker's API do.
 */
final class HostGuard {

    private final Set<String> names;

    /** {@code listenerHost}: [inet_http_server]'s host (may be empty). */
    HostGuard(String listenerHost) {
        java.util.HashSet<String> n = new java.util.HashSet<>();
        n.add("localhost");
        if (listenerHost != null && !listenerHost.isEmpty()) n.add(listenerHost.toLowerCase(Locale.ROOT));
        String machine = machineName();
        if (machine != null) n.add(machine);
        names = Set.copyOf(n);
    }

    /** Throws FORBIDDEN unless the request's Host names an address or a local name. */
    void check(Request request) {
        String header = request.getHeaders().get("Host");
        if (header == null || header.isEmpty()) return; // HTTP/1.0 clients; browsers always send one
        String host = request.getHttpURI().getHost();
        if (host == null || allowed(host.toLowerCase(Locale.ROOT))) return;
        throw new ApiException(ApiFault.FORBIDDEN, "refused a request for host '" + Namespecs.printable(host)
                + "': a listener without credentials answers only requests addressed to an IP address, localhost"
                + " or this machine's name (DNS rebinding protection); set username= and password= to use other names");
    }

    private boolean allowed(String host) {
        if (host.startsWith("[") || host.indexOf(':') >= 0) return true; // an IPv6 literal
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) return true;
        return names.contains(host) || host.endsWith(".localhost");
    }

    private static String machineName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim().toLowerCase(Locale.ROOT);
            return name.isEmpty() ? null : name;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
