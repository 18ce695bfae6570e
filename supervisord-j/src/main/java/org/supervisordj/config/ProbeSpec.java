package org.supervisordj.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * How readiness or health is known (extension keys {@code ready=} and {@code healthcheck=}): a TCP
 * connect, an HTTP GET answered 2xx/3xx, a command exiting 0, or systemd's notify protocol.
 *
 * @param kind what is tried
 * @param host TCP and HTTP: the host connected to
 * @param port TCP and HTTP: the port
 * @param path HTTP: the path and query sent, starting with /
 * @param argv EXEC: the command, split with shlex rules
 * @param text the value as configured, for messages and status
 */
public record ProbeSpec(Kind kind, String host, int port, String path, List<String> argv, String text) {

    /** The probe kinds. */
    public enum Kind { NOTIFY, TCP, HTTP, EXEC }

    public ProbeSpec {
        argv = List.copyOf(argv);
    }

    /** Returns the probe as configured ({@code tcp:127.0.0.1:5432}, {@code notify}). */
    @Override
    public String toString() {
        return text;
    }

    /**
     * Parses {@code notify} (only when {@code notifyAllowed}), {@code tcp:HOST:PORT},
     * {@code http://HOST:PORT/PATH} or {@code exec:COMMAND}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ProbeSpec parse(String value, boolean notifyAllowed) {
        String v = value.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("notify")) {
            if (!notifyAllowed) throw new IllegalArgumentException("notify is a readiness protocol (ready=notify), not a health check");
            return new ProbeSpec(Kind.NOTIFY, null, 0, null, List.of(), "notify");
        }
        if (lower.startsWith("tcp:")) {
            String rest = v.substring(4);
            int colon = rest.lastIndexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("expected tcp:HOST:PORT, got '" + Limits.quoted(v) + "'");
            String host = unbracket(rest.substring(0, colon));
            return new ProbeSpec(Kind.TCP, host, port(rest.substring(colon + 1), v), null, List.of(), v);
        }
        if (lower.startsWith("http://")) {
            URI uri;
            try {
                uri = new URI(v);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("not a valid URL: '" + Limits.quoted(v) + "'");
            }
            if (uri.getHost() == null) throw new IllegalArgumentException("URL has no host: '" + Limits.quoted(v) + "'");
            if (uri.getUserInfo() != null) throw new IllegalArgumentException("credentials in a health check URL are not supported");
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) path += "?" + uri.getRawQuery();
            int port = uri.getPort() < 0 ? 80 : uri.getPort();
            return new ProbeSpec(Kind.HTTP, unbracket(uri.getHost()), port, path, List.of(), v);
        }
        if (lower.startsWith("https://")) {
            throw new IllegalArgumentException("https checks are not supported: check the plain-HTTP port the "
                    + "program listens on locally, or use tcp:HOST:PORT");
        }
        if (lower.startsWith("exec:")) {
            String command = v.substring(5).strip();
            if (command.indexOf('\0') >= 0) throw new IllegalArgumentException("command contains a NUL character");
            List<String> argv = Shlex.split(command);
            if (argv.isEmpty()) throw new IllegalArgumentException("exec: needs a command");
            return new ProbeSpec(Kind.EXEC, null, 0, null, argv, v);
        }
        throw new IllegalArgumentException("expected " + (notifyAllowed ? "startsecs, notify, " : "")
                + "tcp:HOST:PORT, http://HOST:PORT/PATH or exec:COMMAND, got '" + Limits.quoted(v) + "'");
    }

    private static int port(String text, String whole) {
        int p;
        try {
            p = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port number in '" + Limits.quoted(whole) + "'");
        }
        if (p < 1 || p > 65535) throw new IllegalArgumentException("port out of range (1-65535) in '" + Limits.quoted(whole) + "'");
        return p;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
