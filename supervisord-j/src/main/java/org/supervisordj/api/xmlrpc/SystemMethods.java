package org.supervisordj.api.xmlrpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.supervisordj.process.Fault;

/** The {@code system.*} namespace of supervisord's xmlrpc.py: introspection and multicall. */
final class SystemMethods {

    private final MethodTable table;
    private final Consumer<Throwable> internalError;

    SystemMethods(MethodTable table, Consumer<Throwable> internalError) {
        this.table = table;
        this.internalError = internalError;
    }

    void register() {
        table.add("system.listMethods", (a, c) -> {
            a.arity(0, 0);
            return table.names();
        }).add("system.methodHelp", (a, c) -> {
            String help = table.help(a.arity(1, 1).string(0, "name"));
            if (help == null) throw new XmlRpcFault(Fault.SIGNATURE_UNSUPPORTED);
            return help;
        }).add("system.methodSignature", (a, c) -> {
            String help = table.help(a.arity(1, 1).string(0, "name"));
            List<String> signature = help == null ? null : MethodTable.signature(help);
            if (signature == null) throw new XmlRpcFault(Fault.SIGNATURE_UNSUPPORTED);
            return signature;
        }).add("system.multicall", (a, c) -> multicall(a.arity(1, 1).array(0, "calls"), c));
    }

    // One call at a time, in order, each waited for (deferred ones too), as supervisord's multi() does.
    private CompletableFuture<List<Object>> multicall(List<?> calls, CallContext context) {
        CompletableFuture<List<Object>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (Object call : calls) {
            chain = chain.thenComposeAsync(results -> one(call, context).handle((value, failure) -> {
                // The docstring promises one-element arrays; supervisord 4.2.5 appends the bare value.
                results.add(failure == null ? value : faultStruct(failure));
                return results;
            }), context.executor());
        }
        return chain;
    }

    private CompletableFuture<Object> one(Object call, CallContext context) {
        if (!(call instanceof Map<?, ?> m)) {
            return CompletableFuture.failedFuture(new XmlRpcFault(Fault.INCORRECT_PARAMETERS, "call must be a struct"));
        }
        Object name = m.get("methodName");
        Object params = m.containsKey("params") ? m.get("params") : List.of();
        if (!(name instanceof String method)) {
            return CompletableFuture.failedFuture(new XmlRpcFault(Fault.INCORRECT_PARAMETERS, "No methodName"));
        }
        if (method.equals("system.multicall")) {
            return CompletableFuture.failedFuture(
                    new XmlRpcFault(Fault.INCORRECT_PARAMETERS, "Recursive system.multicall forbidden"));
        }
        if (!(params instanceof List<?> list)) {
            return CompletableFuture.failedFuture(new XmlRpcFault(Fault.INCORRECT_PARAMETERS, "params must be an array"));
        }
        return table.invoke(method, new ArrayList<Object>(list), context);
    }

    private Map<String, Object> faultStruct(Throwable failure) {
        XmlRpcFault f = XmlRpcEndpoint.asFault(failure, internalError);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("faultCode", f.code());
        m.put("faultString", f.text());
        return m;
    }
}
