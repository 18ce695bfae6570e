package org.supervisordj.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The order of a rolling restart: each process's restart is a step the engine runs (stop, start, wait
 * for RUNNING); the next begins only once the previous one has come back. The engine stays the only
 * owner of process state: this class only chains the engine's futures.
 */
final class RollingRestart {

    private RollingRestart() {
    }

    /**
     * Restarts {@code namespecs} in order with {@code restartOne}; after a failure the rest are left as
     * they are and answer FAILED, "not restarted: the rolling restart stopped at ...".
     */
    static CompletableFuture<List<ProcessResult>> run(List<String> namespecs,
            Function<String, CompletableFuture<ProcessResult>> restartOne) {
        return run("restart", namespecs, restartOne);
    }

    /** As {@link #run(List, Function)}, for a roll of another kind ({@code what}: "restart", "update"). */
    static CompletableFuture<List<ProcessResult>> run(String what, List<String> namespecs,
            Function<String, CompletableFuture<ProcessResult>> oneStep) {
        return step(what, namespecs, 0, new ArrayList<>(), oneStep);
    }

    private static CompletableFuture<List<ProcessResult>> step(String what, List<String> namespecs, int i,
            List<ProcessResult> done, Function<String, CompletableFuture<ProcessResult>> restartOne) {
        if (i == namespecs.size()) return CompletableFuture.completedFuture(List.copyOf(done));
        return restartOne.apply(namespecs.get(i)).thenCompose(r -> {
            done.add(r);
            if (r.ok()) return step(what, namespecs, i + 1, done, restartOne);
            String why = "not " + (what.equals("restart") ? "restarted" : "updated") + ": the rolling " + what
                    + " stopped at " + namespecs.get(i) + " ("
                    + (r.description() == null ? r.fault().name() : r.description()) + ")";
            for (String rest : namespecs.subList(i + 1, namespecs.size())) {
                int colon = rest.indexOf(':');
                done.add(new ProcessResult(rest.substring(colon + 1), colon < 0 ? rest : rest.substring(0, colon),
                        Fault.FAILED, why));
            }
            return CompletableFuture.completedFuture(List.copyOf(done));
        });
    }
}
