package org.supervisordj.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A response head and its body stream.
 *
 * @param status  the HTTP status code
 * @param headers header names lower-cased; repeated headers joined with ", "
 * @param body    the body, ending where the response's framing ends it
 */
record HttpResponse(int status, Map<String, String> headers, InputStream body) {

    /** Returns a header's value, or null; the name is matched case-insensitively. */
    String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** Reads the whole body as UTF-8. */
    String bodyText() throws IOException {
        return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
}
