package org.supervisordj.api;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import org.supervisordj.config.LogLevel;
import org.supervisordj.process.EngineStoppedException;

/**
 * One request being answered: Jetty's request, response and callback, the captured namespec and
 * the helpers every route uses to answer exactly once (JSON or a fault).
 */
final class Exchange {

    final Request request;
    final Response response;
    final Callback callback;
    String namespec; // set by the router's match
    final Executor executor;
    private final ApiServer.Hooks hooks;
    private final AtomicBoolean answered = new AtomicBoolean();
    private Fields query;

    Exchange(Request request, Response response, Callback callback, Executor executor, ApiServer.Hooks hooks) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.executor = executor;
        this.hooks = hooks;
    }

    /** Answers {@code status} with {@code body} as JSON and completes the request. */
    void json(int status, Object body) {
        json(status, body, callback);
    }

    /** As {@link #json(int, Object)}, completing {@code done} instead of the request's own callback. */
    void json(int status, Object body, Callback done) {
        jsonBytes(status, Json.write(body), done);
    }

    /** Answers {@code status} with {@code bytes}, already serialized JSON, completing {@code done}. */
    void jsonBytes(int status, byte[] bytes, Callback done) {
        if (!answered.compareAndSet(false, true)) return;
        // Headers go on before the first write: once written they are on the wire.
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), done);
    }

    /** Answers with {@code fault} and {@code message}. */
    void error(ApiFault fault, String message) {
        json(fault.httpStatus(), JsonBodies.ErrorBody.of(fault, message));
    }

    /** Answers a failure: an ApiException as its fault, anything else as FAILED (and logged). */
    void fail(Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof ApiException e) {
            error(e.fault(), e.getMessage());
        } else if (cause instanceof EngineStoppedException e) {
            error(ApiFault.SHUTDOWN_STATE, e.getMessage()); // the daemon is going away: nothing to log twice
        } else {
            hooks.log(LogLevel.ERROR, "API request " + request.getMethod() + " " + request.getHttpURI().getPath()
                    + " failed: " + cause);
            error(ApiFault.FAILED, "internal error (the daemon's log has the details)");
        }
    }

    /** Returns true once an answer has been started. */
    boolean answered() {
        return answered.get();
    }

    /** Marks the exchange as answered by a streaming route that writes the response itself. */
    boolean claim() {
        return answered.compareAndSet(false, true);
    }

    /** Returns query parameter {@code name}, or null. */
    String query(String name) {
        return parseQuery().getValue(name);
    }

    /** Parses the query string once; bad percent-encoding or UTF-8 is BAD_ARGUMENTS, whatever the route reads. */
    Fields parseQuery() {
        if (query == null) {
            try {
                query = Request.extractQueryParameters(request);
            } catch (IllegalArgumentException | IllegalStateException e) { // Jetty's words for %zz and bad UTF-8
                throw new ApiException(ApiFault.BAD_ARGUMENTS,
                        "the query string is not valid: use %XX escapes of UTF-8 bytes");
            }
        }
        return query;
    }

    /** Returns query parameter {@code name} as a boolean (true/false/1/0); anything else is BAD_ARGUMENTS. */
    boolean booleanQuery(String name, boolean dflt) {
        String v = query(name);
        if (v == null) return dflt;
        if (v.equalsIgnoreCase("true") || v.equals("1")) return true;
        if (v.equalsIgnoreCase("false") || v.equals("0")) return false;
        throw new ApiException(ApiFault.BAD_ARGUMENTS, "query parameter " + name + " must be true or false, not '"
                + Namespecs.printable(v) + "'");
    }

    /** Returns the daemon hooks. */
    ApiServer.Hooks hooks() {
        return hooks;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
