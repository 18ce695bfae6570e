package org.supervisordj.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.supervisordj.process.ProcessInfo;
import org.supervisordj.process.ProcessState;

/**
 * The API's JSON bodies as records. Field names become snake_case on the wire (Json's naming
 * strategy), so {@code stdoutLogfile} is supervisord's {@code stdout_logfile}.
 */
final class JsonBodies {

    private JsonBodies() {
    }

    /** {@code {"error": {...}}}, the answer to every failed request. */
    record ErrorBody(Error error) {
        static ErrorBody of(ApiFault fault, String message) {
            return new ErrorBody(new Error(fault.name(), message));
        }
    }

    /** The error object: a fault name and a message naming what is at fault. */
    record Error(String code, String message) {
    }

    /** {@code {"status": "..."}} for /healthz and /shutdown. */
    record Status(String status) {
    }

    /** GET /api/v1/daemon. */
    record Daemon(String version, long pid, long start, String state, String identifier, List<String> configFiles) {
    }

    /** GET /api/v1/processes[/{namespec}]. */
    record ProcessList(List<Process> processes) {
    }

    /** One process as listed, supervisord's getProcessInfo names plus a few extensions. */
    record Process(String name, String group, String namespec, String state, int statecode, int pid, long start,
                   long stop, long now, long uptimeS, int exitstatus, String spawnerr, int restarts,
                   Long nextRetry, String description, String stdoutLogfile, String stderrLogfile,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Health health) {

        static Process of(ProcessInfo p, long nowMillis) {
            long now = nowMillis / 1000;
            long uptime = p.state() == ProcessState.RUNNING ? Math.max(0, now - p.start()) : 0;
            // Rounded up: "next automatic start" must not name a second that has already passed.
            Long retry = p.nextRetryEpochMillis() == null ? null : (p.nextRetryEpochMillis() + 999) / 1000;
            return new Process(p.name(), p.group(), p.namespec(), p.state().name(), p.state().code(), p.pid(),
                    p.start(), p.stop(), now, uptime, p.exitstatus(), p.spawnerr(), p.restartCount(), retry,
                    p.description(nowMillis, java.time.ZoneId.systemDefault()), p.stdoutLogfile(), p.stderrLogfile(),
                    Health.of(p.health()));
        }
    }

    /**
     * Readiness, health and dependencies of one process (extensions); absent for a process that uses
     * none of them. {@code finished}: a one-shot that exited as expected, which ctl status does not
     * count as "not running".
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Health(String ready, Boolean healthy, Integer failures, String lastResult, String status, String phase,
                  String waitingFor, Boolean finished) {

        static Health of(org.supervisordj.process.HealthInfo h) {
            if (h == org.supervisordj.process.HealthInfo.NONE) return null;
            return new Health(h.ready(), h.healthy(), h.healthy() == null ? null : h.failures(), h.lastResult(),
                    h.status(), h.phase(), h.waitingFor(), h.finished() ? Boolean.TRUE : null);
        }
    }

    /** {@code {"results": [...]}} of start/stop/restart/signal, with an error when one failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Results(List<Result> results, Error error) {
    }

    /** One process's outcome; {@code stderrTail} only on a failed start. */
    record Result(String name, String group, String namespec, String status, String description,
                  @JsonInclude(JsonInclude.Include.NON_NULL) String stderrTail) {

        Result withStderrTail(String tail) {
            return new Result(name, group, namespec, status, description, tail);
        }
    }

    /** POST .../signal body. */
    record StdinRequest(String chars) {
    }

    record SignalRequest(String signal) {
    }

    /** POST /reread and /update answer. */
    record Changes(List<String> added, List<String> changed, List<String> removed, List<String> warnings,
                   @JsonInclude(JsonInclude.Include.NON_NULL) List<Result> rolled,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Error error) {
        Changes(List<String> added, List<String> changed, List<String> removed, List<String> warnings) {
            this(added, changed, removed, warnings, null, null);
        }
    }

    /** 400 CANT_REREAD answer: the error plus every configuration error. */
    record RereadErrors(Error error, List<String> errors) {
    }

    /** POST /api/v1/events/remote: a REMOTE_COMMUNICATION event (XML-RPC's sendRemoteCommEvent). */
    record RemoteEvent(String type, String data) {
    }
}
