package org.supervisordj.api;

import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers errors Jetty raises before our handler runs (a malformed request line, an ambiguous
 * {@code %2F} in a path, headers too large) in the API's JSON error shape instead of an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        Object attr = request.getAttribute(ERROR_STATUS);
        if (attr instanceof Integer s) status = s;
        ApiFault fault = switch (status) {
            case 400 -> ApiFault.BAD_ARGUMENTS;
            case 401 -> ApiFault.UNAUTHORIZED;
            case 404 -> ApiFault.NOT_FOUND;
            case 405 -> ApiFault.METHOD_NOT_ALLOWED;
            case 413 -> ApiFault.BODY_TOO_LARGE;
            case 503 -> ApiFault.SHUTDOWN_STATE;
            default -> ApiFault.FAILED;
        };
        byte[] body = Json.write(JsonBodies.ErrorBody.of(fault, message(request, status)));
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "application/json");
        response.write(true, java.nio.ByteBuffer.wrap(body), callback);
        return true;
    }

    /**
     * Jetty's reason ("Bad Host header", "URI Too Long") when it is plain words; an exception's
     * text (which may name Jetty's or Java's classes) is replaced by the status's standard phrase.
     */
    private static String message(Request request, int status) {
        Object message = request.getAttribute(ERROR_MESSAGE);
        String text = message == null ? "" : message.toString();
        if (text.isBlank() || INTERNALS.matcher(text).find()) {
            String reason = HttpStatus.getMessage(status);
            return reason == null ? "HTTP " + status : reason;
        }
        return Namespecs.printable(text);
    }

    private static final Pattern INTERNALS = Pattern.compile("Exception|Error\\b|\\b(org|java|javax|jdk|sun|com)\\.\\w");
}
