package org.supervisordj.ctl;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the daemon listens: {@code unix:///path/to.sock}, {@code http://host:port} or
 * {@code https://host:port}.
 *
 * @param text       the URL as given, used verbatim in messages ("… refused connection")
 * @param scheme     "unix", "http" or "https"
 * @param socketPath the socket file for unix, else null
 * @param host       the host for http(s), else "localhost" (sent as the Host header)
 * @param port       the TCP port for http(s), else 0
 */
record ServerUrl(String text, String scheme, Path socketPath, String host, int port) {

    /** Parses a server URL; throws CtlException(INVALID_ARGS) naming the text when it is not one. */
    static ServerUrl parse(String text) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("unix://")) {
            String path = t.substring("unix://".length());
            if (path.isEmpty() || !path.startsWith("/")) throw bad(text, "the socket path must be absolute");
            return new ServerUrl(t, "unix", Path.of(path), "localhost", 0);
        }
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw bad(text, "expected unix:///path, http://host:port or https://host:port");
        }
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw bad(text, e.getReason());
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null) throw bad(text, "no host");
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new ServerUrl(t, scheme, null, uri.getHost(), port);
    }

    /** Returns true for unix:// URLs. */
    boolean isUnix() {
        return socketPath != null;
    }

    /** Returns the Host header value. */
    String hostHeader() {
        if (isUnix()) return "localhost";
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return defaultPort ? h : h + ":" + port;
    }

    private static CtlException bad(String text, String why) {
        return new CtlException(ExitStatus.INVALID_ARGS, "bad server URL '" + text + "': " + why);
    }
}
