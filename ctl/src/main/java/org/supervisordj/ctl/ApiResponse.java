package org.supervisordj.ctl;

import java.util.List;
import java.util.Map;

/**
 * A JSON answer of the API.
 *
 * @param status the HTTP status
 * @param json   the parsed body (see {@link Json} for the types)
 */
record ApiResponse(int status, Object json) {

    /** Returns true for a 2xx answer. */
    boolean ok() {
        return status >= 200 && status < 300;
    }

    /** Returns the body as an object; an answer of another shape is a CtlException. */
    @SuppressWarnings("unchecked")
    Map<String, Object> object() {
        if (json instanceof Map) return (Map<String, Object>) json;
        throw new CtlException(ExitStatus.GENERIC, "unexpected answer from the daemon (HTTP " + status + "): "
                + Json.write(json));
    }

    /** Returns the fault name of the body's {@code error} object, or null when there is none. */
    String errorCode() {
        Object e = json instanceof Map ? ((Map<?, ?>) json).get("error") : null;
        return e instanceof Map ? String.valueOf(((Map<?, ?>) e).get("code")) : null;
    }

    /** Returns the message of the body's {@code error} object, or "" when there is none. */
    String errorMessage() {
        Object e = json instanceof Map ? ((Map<?, ?>) json).get("error") : null;
        Object m = e instanceof Map ? ((Map<?, ?>) e).get("message") : null;
        return m == null ? "" : String.valueOf(m);
    }

    /** Returns a list field of the body's object, or an empty list. */
    @SuppressWarnings("unchecked")
    List<Object> list(String field) {
        Object v = object().get(field);
        return v instanceof List ? (List<Object>) v : List.of();
    }

    /** Ends the command with "ERROR (code: message)" when the answer is not 2xx. */
    ApiResponse orFail() {
        if (ok()) return this;
        String code = errorCode();
        if ("SHUTDOWN_STATE".equals(code)) throw new CtlException(ExitStatus.GENERIC, "ERROR: supervisor shutting down");
        throw new CtlException(ExitStatus.GENERIC, "ERROR: " + (code == null ? "HTTP " + status : code)
                + (errorMessage().isEmpty() ? "" : ": " + errorMessage()));
    }
}
