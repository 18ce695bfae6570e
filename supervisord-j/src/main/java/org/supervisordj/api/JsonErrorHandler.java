package org.supervisordj.api;

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
        Object message = request.getAttribute(ERROR_MESSAGE);
        byte[] body = Json.write(JsonBodies.ErrorBody.of(fault,
                message == null ? "HTTP " + status : Namespecs.printable(message.toString())));
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "application/json");
        response.write(true, java.nio.ByteBuffer.wrap(body), callback);
        return true;
    }
}
