package org.supervisordj.api;

/** The API's error codes (supervisord's fault names) and the HTTP status each is answered with. */
public enum ApiFault {
    ALREADY_ADDED(409), STILL_RUNNING(409),
    BAD_NAME(404), BAD_SIGNAL(400), BAD_ARGUMENTS(400), INCORRECT_PARAMETERS(400), NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405), BODY_TOO_LARGE(413), UNAUTHORIZED(401), FORBIDDEN(403), ALREADY_STARTED(409), NOT_RUNNING(409), NO_FILE(409),
    SPAWN_ERROR(500), ABNORMAL_TERMINATION(500), CANT_REREAD(400), SHUTDOWN_STATE(503), FAILED(500);

    private final int httpStatus;

    ApiFault(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** Returns the HTTP status this fault is answered with. */
    public int httpStatus() {
        return httpStatus;
    }
}
