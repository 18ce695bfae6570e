package org.supervisordj.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.supervisordj.api.xmlrpc.XmlRpcEndpoint;
import org.supervisordj.api.xmlrpc.XmlRpcFault;

/**
 * The JSON face of what supervisorctl's avail, add, remove and clear do over XML-RPC, answered by
 * the same supervisor methods (one endpoint, one last-read configuration):
 * {@code GET /api/v1/config}, {@code POST /api/v1/groups/{name}/add|remove},
 * {@code POST /api/v1/processes/{namespec}/clear}.
 */
final class ConfigRoutes {

    private final XmlRpcEndpoint xmlRpc;

    ConfigRoutes(XmlRpcEndpoint xmlRpc) {
        this.xmlRpc = xmlRpc;
    }

    void register(Router router) {
        router.add("GET", "/api/v1/config", this::config)
                .add("POST", "/api/v1/groups/{namespec}/add", this::add)
                .add("POST", "/api/v1/groups/{namespec}/remove", ex -> call(ex, "supervisor.removeProcessGroup",
                        List.of(ex.namespec), v -> new JsonBodies.Status("removed")))
                .add("POST", "/api/v1/processes/{namespec}/clear", this::clear);
    }

    // The files as they are now (a reread, not applied: what add can add), else the last read.
    private void config(Exchange ex) {
        ex.executor.execute(() -> xmlRpc.call("supervisor.reloadConfig", List.of(), ex.executor)
                .handle((ignored, cantReread) -> null) // a broken file still lists the last good reading
                .thenCompose(v -> xmlRpc.call("supervisor.getAllConfigInfo", List.of(), ex.executor))
                .whenCompleteAsync((value, failure) -> answer(ex, value, failure, v -> Map.of("processes", v)), ex.executor));
    }

    // Reads the files first, so `ctl add` needs no `ctl reread` before it (supervisorctl's does).
    private void add(Exchange ex) {
        String name = ex.namespec;
        ex.executor.execute(() -> xmlRpc.call("supervisor.reloadConfig", List.of(), ex.executor)
                .thenCompose(v -> xmlRpc.call("supervisor.addProcessGroup", List.of(name), ex.executor))
                .whenCompleteAsync((value, failure) -> answer(ex, value, failure, v -> new JsonBodies.Status("added")),
                        ex.executor));
    }

    private void clear(Exchange ex) {
        if (ex.namespec.equals("all")) {
            call(ex, "supervisor.clearAllProcessLogs", List.of(), v -> {
                List<JsonBodies.Result> results = new ArrayList<>();
                for (Object o : (List<?>) v) {
                    Map<?, ?> m = (Map<?, ?>) o;
                    String group = String.valueOf(m.get("group"));
                    String name = String.valueOf(m.get("name"));
                    boolean ok = Integer.valueOf(80).equals(m.get("status"));
                    results.add(new JsonBodies.Result(name, group, group.equals(name) ? name : group + ":" + name,
                            ok ? "OK" : "FAILED", String.valueOf(m.get("description")), null));
                }
                return new JsonBodies.Results(results, null);
            });
            return;
        }
        call(ex, "supervisor.clearProcessLogs", List.of(ex.namespec), v -> new JsonBodies.Results(List.of(
                new JsonBodies.Result(ex.namespec.substring(ex.namespec.indexOf(':') + 1),
                        ex.namespec.contains(":") ? ex.namespec.substring(0, ex.namespec.indexOf(':')) : ex.namespec,
                        ex.namespec, "OK", "OK", null)), null));
    }

    private void call(Exchange ex, String method, List<Object> params, java.util.function.Function<Object, Object> body) {
        ex.executor.execute(() -> xmlRpc.call(method, params, ex.executor)
                .whenCompleteAsync((value, failure) -> answer(ex, value, failure, body), ex.executor));
    }

    private static void answer(Exchange ex, Object value, Throwable failure, java.util.function.Function<Object, Object> body) {
        if (failure == null) {
            ex.json(200, body.apply(value));
            return;
        }
        Throwable t = failure;
        while (t.getCause() != null && !(t instanceof XmlRpcFault)) t = t.getCause();
        if (!(t instanceof XmlRpcFault f)) {
            ex.fail(failure);
            return;
        }
        // "BAD_NAME: web" → BAD_NAME, with supervisord's text as the message.
        String code = f.text().contains(":") ? f.text().substring(0, f.text().indexOf(':')) : f.text();
        ApiFault fault;
        try {
            fault = ApiFault.valueOf(code);
        } catch (IllegalArgumentException e) {
            fault = ApiFault.FAILED;
        }
        ex.error(fault, f.text());
    }

}
