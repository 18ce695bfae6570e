package org.supervisordj.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The API's one routing table: method + path pattern, where a {@code {namespec}} segment captures
 * one percent-decoded path segment. Unknown paths are NOT_FOUND, known paths with another method
 * METHOD_NOT_ALLOWED (naming the allowed ones).
 */
final class Router {

    /** Handles one routed request; must complete the exchange, now or later. */
    interface Action {
        void handle(Exchange exchange) throws Exception;
    }

    /** A matched route: the action, the captured namespec (or null) and the route's pattern (for metrics). */
    record Match(Action action, String namespec, String route) {
    }

    private record Route(String method, List<String> pattern, Action action, String path) {
    }

    private static final String NAMESPEC = "{namespec}";
    private final List<Route> routes = new ArrayList<>();

    /** Adds a route; {@code path} segments are literal except {@code {namespec}}. */
    Router add(String method, String path, Action action) {
        routes.add(new Route(method, segments(path), action, path));
        return this;
    }

    /** Finds the route for {@code method} and the raw (still percent-encoded) {@code rawPath}. */
    Match match(String method, String rawPath) {
        List<String> path = segments(rawPath);
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            String captured = capture(r.pattern(), path);
            if (captured == null) continue;
            if (r.method().equals(method)) return new Match(r.action(), captured.isEmpty() ? null : captured, r.path());
            allowed.add(r.method());
        }
        if (!allowed.isEmpty()) {
            throw new ApiException(ApiFault.METHOD_NOT_ALLOWED, method + " is not allowed here; use " + String.join(", ", allowed));
        }
        throw new ApiException(ApiFault.NOT_FOUND, "no such route: " + method + " " + truncate(rawPath));
    }

    /** Returns the methods a path answers to, for the Allow header of a 405. */
    String allowedMethods(String rawPath) {
        List<String> path = segments(rawPath);
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) if (capture(r.pattern(), path) != null) allowed.add(r.method());
        return String.join(", ", allowed);
    }

    // "" when the route matches without a capture, the decoded capture when it matches with one, else null.
    private static String capture(List<String> pattern, List<String> path) {
        if (pattern.size() != path.size()) return null;
        String captured = "";
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            if (p.equals(NAMESPEC)) {
                captured = decode(path.get(i));
            } else if (!p.equals(path.get(i))) {
                return null;
            }
        }
        return captured;
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>(List.of(path.split("/", -1)));
        if (!out.isEmpty() && out.get(0).isEmpty()) out.remove(0);
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1); // one trailing slash
        return out;
    }

    /** Percent-decodes one path segment as UTF-8 ('+' stays '+'); malformed escapes are BAD_ARGUMENTS. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) return segment;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(segment.charAt(i + 2), 16) : -1;
            if (lo < 0) throw new ApiException(ApiFault.BAD_ARGUMENTS, "malformed %-escape in path segment");
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(ApiFault.BAD_ARGUMENTS, "path segment is not UTF-8");
        }
    }

    private static String truncate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
