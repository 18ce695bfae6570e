package org.supervisordj.api;

/** A request (or server start) that fails with an API fault; the message names the field or name at fault. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ApiFault fault;

    /** Creates an exception for {@code fault} with a message naming what is wrong. */
    public ApiException(ApiFault fault, String message) {
        super(message);
        this.fault = fault;
    }

    /** Returns the fault, which decides the code and HTTP status of the answer. */
    public ApiFault fault() {
        return fault;
    }
}
