package org.supervisordj.api;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** Reads a whole request body asynchronously, failing with BODY_TOO_LARGE past a limit. */
final class BodyReader {

    /** Request bodies are small JSON objects; anything bigger is refused (docs/api.md). */
    static final int MAX_BODY = 64 * 1024;

    private final Request request;
    private final int max;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();

    private BodyReader(Request request, int max) {
        this.request = request;
        this.max = max;
    }

    /** Reads {@code request}'s body; completes on whatever thread the last chunk arrives. */
    static CompletableFuture<byte[]> read(Request request) {
        BodyReader r = new BodyReader(request, MAX_BODY);
        r.readAvailable();
        return r.result;
    }

    private void readAvailable() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this::readAvailable); // called back when more content arrives
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                // Jetty's failure names its own classes; the client needs only what went wrong.
                result.completeExceptionally(new ApiException(ApiFault.BAD_ARGUMENTS,
                        "couldn't read the request body: it ended early or its chunked encoding is malformed"));
                return;
            }
            int n = chunk.getByteBuffer().remaining();
            if (bytes.size() + n > max) {
                chunk.release();
                // Stop reading: Jetty closes the connection rather than consume the rest.
                result.completeExceptionally(tooLarge());
                return;
            }
            byte[] b = new byte[n];
            chunk.getByteBuffer().get(b);
            bytes.write(b, 0, n);
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                result.complete(bytes.toByteArray());
                return;
            }
        }
    }

    static ApiException tooLarge() {
        return new ApiException(ApiFault.BODY_TOO_LARGE, "request body is larger than " + MAX_BODY + " bytes");
    }
}
