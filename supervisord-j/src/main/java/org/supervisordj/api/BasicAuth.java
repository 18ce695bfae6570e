package org.supervisordj.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

import org.supervisordj.config.HttpServerConfig;

/**
 * HTTP Basic authentication against a server section's {@code username=}/{@code password=}. The
 * password may be plain or supervisord's {@code {SHA}} + hex SHA-1. Only SHA-256 digests of the
 * expected values are kept, and the comparison is of those fixed-length digests with
 * {@link MessageDigest#isEqual}, so neither the content nor the length of a guess leaks through timing.
 */
final class BasicAuth {

    private static final String SHA_PREFIX = "{SHA}";

    private final byte[] user;
    private final byte[] password; // digest of the plain password, or of the lowercase SHA-1 hex
    private final boolean sha1;

    private BasicAuth(String user, String password) {
        this.sha1 = password.startsWith(SHA_PREFIX);
        this.user = sha256(user);
        this.password = sha256(sha1 ? password.substring(SHA_PREFIX.length()).toLowerCase(Locale.ROOT) : password);
    }

    /** Returns the authenticator for {@code server}, or null when it has no credentials (open access). */
    static BasicAuth of(HttpServerConfig server) {
        return server != null && server.hasCredentials() ? new BasicAuth(server.username(), server.password()) : null;
    }

    /** Returns true when {@code authorization} (the header value, may be null) carries the right credentials. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return false;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) return false;
        String given = decoded.substring(colon + 1);
        byte[] pw = sha256(sha1 ? HexFormat.of().formatHex(sha1(given)) : given);
        // Both compared every time (& not &&): no early exit tells a right user name from a wrong one.
        return MessageDigest.isEqual(user, sha256(decoded.substring(0, colon))) & MessageDigest.isEqual(password, pw);
    }

    private static byte[] sha256(String s) {
        return digest("SHA-256", s);
    }

    private static byte[] sha1(String s) {
        return digest("SHA-1", s);
    }

    private static byte[] digest(String algorithm, String s) {
        try {
            return MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JRE", e);
        }
    }
}
