package org.supervisordj.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.util.thread.Scheduler;

import org.supervisordj.process.Engine;
import org.supervisordj.process.Fault;
import org.supervisordj.process.ProcessResult;

/** Process routes: list, get, start, stop, restart, signal and stdin. */
final class ProcessRoutes {

    private final Engine engine;
    private final Scheduler scheduler;
    private final SnapshotRendering<byte[]> list;

    ProcessRoutes(Engine engine, Scheduler scheduler) {
        this.engine = engine;
        this.scheduler = scheduler;
        this.list = new SnapshotRendering<>(engine::snapshot, System::currentTimeMillis, (snapshot, second) ->
                Json.write(processes(snapshot.stream().sorted(Namespecs.ORDER).toList(), second * 1000)));
    }

    void register(Router router) {
        router.add("GET", "/api/v1/processes", this::list)
                .add("GET", "/api/v1/processes/{namespec}", this::get)
                .add("POST", "/api/v1/processes/{namespec}/start",
                        ex -> answer(ex, engine.start(ex.namespec, ex.booleanQuery("wait", true)), true))
                .add("POST", "/api/v1/processes/{namespec}/stop",
                        ex -> answer(ex, engine.stop(ex.namespec, ex.booleanQuery("wait", true)), false))
                .add("POST", "/api/v1/processes/{namespec}/restart", this::restart)
                .add("POST", "/api/v1/processes/{namespec}/signal", this::signal)
                .add("POST", "/api/v1/processes/{namespec}/stdin", this::stdin);
    }

    private void restart(Exchange ex) {
        boolean wait = ex.booleanQuery("wait", true);
        if (!ex.booleanQuery("rolling", false)) {
            answer(ex, engine.restart(ex.namespec, wait), true);
            return;
        }
        // A roll waits for each process to be RUNNING before the next: that wait is what it is.
        if (!wait) throw new ApiException(ApiFault.BAD_ARGUMENTS, "a rolling restart always waits: drop wait=false");
        answer(ex, engine.restartRolling(ex.namespec), true);
    }

    // Both answered from the last published snapshot, never waiting on the engine.
    private void list(Exchange ex) {
        ex.jsonBytes(200, list.get(), ex.callback);
    }

    private void get(Exchange ex) {
        ex.json(200, processes(Namespecs.select(engine.snapshot(), ex.namespec), System.currentTimeMillis()));
    }

    private void signal(Exchange ex) {
        BodyReader.read(ex.request).thenCompose(body -> {
            JsonBodies.SignalRequest req = Json.read(body, JsonBodies.SignalRequest.class);
            if (req.signal() == null || req.signal().isBlank()) {
                throw new ApiException(ApiFault.INCORRECT_PARAMETERS, "missing field: signal");
            }
            return engine.signal(ex.namespec, req.signal());
        }).whenCompleteAsync((results, failure) -> {
            if (failure != null) ex.fail(failure);
            else respond(ex, results, false);
        }, ex.executor);
    }

    private void stdin(Exchange ex) {
        BodyReader.read(ex.request).thenCompose(body -> {
            JsonBodies.StdinRequest req = Json.read(body, JsonBodies.StdinRequest.class);
            if (req.chars() == null) throw new ApiException(ApiFault.INCORRECT_PARAMETERS, "missing field: chars");
            return engine.sendStdin(ex.namespec, req.chars().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }).whenCompleteAsync((result, failure) -> {
            if (failure != null) ex.fail(failure);
            else respond(ex, List.of(result), false);
        }, ex.executor);
    }

    private void answer(Exchange ex, CompletableFuture<List<ProcessResult>> command, boolean isStart) {
        // The engine completes this on its own thread; the answer is written from Jetty's pool.
        command.whenCompleteAsync((results, failure) -> {
            if (failure != null) ex.fail(failure);
            else respond(ex, results, isStart);
        }, ex.executor);
    }

    private void respond(Exchange ex, List<ProcessResult> results, boolean isStart) {
        boolean startFailed = isStart && results.stream().anyMatch(ProcessRoutes::isStartFailure);
        if (!startFailed) {
            ex.json(statusOf(results), body(results, null));
            return;
        }
        answerWithTails(ex, results, null, StartFailureTail.FLUSH_DELAY_MS);
    }

    /**
     * Answers a failed start once its stderr tails have settled: the pipe pump writes a child's last
     * words to its log independently of the engine noticing the exit, so the tails are read until
     * two reads agree and are not empty, or {@link StartFailureTail#MAX_WAIT_MS} has passed (a
     * program that wrote nothing). Scheduled, so no thread is held meanwhile.
     */
    private void answerWithTails(Exchange ex, List<ProcessResult> results, List<String> previous, long waitedMs) {
        scheduler.schedule(() -> ex.executor.execute(() -> {
            List<String> tails = tails(results);
            boolean settled = tails.equals(previous) && tails.stream().anyMatch(t -> t != null && !t.isEmpty());
            long waited = waitedMs + StartFailureTail.POLL_MS;
            if (settled || waited > StartFailureTail.MAX_WAIT_MS) {
                ex.json(statusOf(results), body(results, tails));
            } else {
                answerWithTails(ex, results, tails, waited);
            }
        }), previous == null ? StartFailureTail.FLUSH_DELAY_MS : StartFailureTail.POLL_MS, TimeUnit.MILLISECONDS);
    }

    // Each failed start's stderr tail, null for the other results.
    private List<String> tails(List<ProcessResult> results) {
        List<String> tails = new ArrayList<>();
        for (ProcessResult r : results) {
            tails.add(isStartFailure(r) ? StartFailureTail.of(engine.snapshot(), r.group(), r.name()) : null);
        }
        return tails;
    }

    private JsonBodies.Results body(List<ProcessResult> results, List<String> tails) {
        List<JsonBodies.Result> out = new ArrayList<>();
        JsonBodies.Error error = null;
        for (int i = 0; i < results.size(); i++) {
            ProcessResult r = results.get(i);
            JsonBodies.Result result = result(r);
            if (tails != null && tails.get(i) != null) result = result.withStderrTail(tails.get(i));
            out.add(result);
            if (error == null) error = error(r);
        }
        return new JsonBodies.Results(out, error);
    }

    /** One process's outcome as the API answers it (also in a rolling update's answer). */
    static JsonBodies.Result result(ProcessResult r) {
        return new JsonBodies.Result(r.name(), r.group(), namespecOf(r), FaultMapper.status(r.fault()), r.description(), null);
    }

    /** The answer's error for a failed {@code r}, else null. */
    static JsonBodies.Error error(ProcessResult r) {
        return r.ok() ? null : new JsonBodies.Error(FaultMapper.toApi(r.fault()).name(),
                Namespecs.printable(namespecOf(r)) + ": " + r.description());
    }

    private static String namespecOf(ProcessResult r) {
        return r.group() == null || r.group().equals(r.name()) ? r.name() : r.group() + ":" + r.name();
    }

    static int statusOf(List<ProcessResult> results) {
        return results.stream().filter(r -> !r.ok()).findFirst()
                .map(r -> FaultMapper.toApi(r.fault()).httpStatus()).orElse(200);
    }

    private static boolean isStartFailure(ProcessResult r) {
        return r.group() != null && (r.fault() == Fault.SPAWN_ERROR || r.fault() == Fault.ABNORMAL_TERMINATION);
    }

    private static JsonBodies.ProcessList processes(List<org.supervisordj.process.ProcessInfo> list, long now) {
        return new JsonBodies.ProcessList(list.stream().map(p -> JsonBodies.Process.of(p, now)).toList());
    }
}
