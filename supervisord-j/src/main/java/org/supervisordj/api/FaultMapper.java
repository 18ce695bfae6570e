package org.supervisordj.api;

import org.supervisordj.process.Fault;

/** Maps the engine's per-process faults onto the API's error codes. */
final class FaultMapper {

    private FaultMapper() {
    }

    /** Returns the API fault for an engine fault; SUCCESS has none (null). */
    static ApiFault toApi(Fault fault) {
        return switch (fault) {
            case SUCCESS -> null;
            case BAD_NAME -> ApiFault.BAD_NAME;
            case BAD_SIGNAL -> ApiFault.BAD_SIGNAL;
            case BAD_ARGUMENTS -> ApiFault.BAD_ARGUMENTS;
            case INCORRECT_PARAMETERS -> ApiFault.INCORRECT_PARAMETERS;
            case ALREADY_STARTED -> ApiFault.ALREADY_STARTED;
            case NOT_RUNNING -> ApiFault.NOT_RUNNING;
            case NO_FILE -> ApiFault.NO_FILE; // sending to a stdin the process has closed
            case SPAWN_ERROR, NOT_EXECUTABLE -> ApiFault.SPAWN_ERROR;
            case ABNORMAL_TERMINATION -> ApiFault.ABNORMAL_TERMINATION;
            case SHUTDOWN_STATE -> ApiFault.SHUTDOWN_STATE;
            case CANT_REREAD -> ApiFault.CANT_REREAD;
            // Not in the API's table (docs/api.md): STILL_RUNNING (start while STOPPING) and the
            // XML-RPC-only faults are answered as FAILED with the engine's description.
            case UNKNOWN_METHOD, SIGNATURE_UNSUPPORTED, FAILED, ALREADY_ADDED, STILL_RUNNING -> ApiFault.FAILED;
        };
    }

    /** Returns the "status" word of a per-process result: "OK" or the API fault name. */
    static String status(Fault fault) {
        ApiFault api = toApi(fault);
        return api == null ? "OK" : api.name();
    }
}
