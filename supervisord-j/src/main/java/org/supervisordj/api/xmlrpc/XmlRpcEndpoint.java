package org.supervisordj.api.xmlrpc;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.supervisordj.api.ApiServer;
import org.supervisordj.config.LogLevel;
import org.supervisordj.process.Engine;
import org.supervisordj.process.Fault;

/**
 * supervisord's XML-RPC interface ({@code POST /RPC2}): parses a call, runs it through the method
 * table, and answers a response or a fault. Whatever the body holds, the answer is well-formed
 * XML-RPC; nothing here can stop the daemon or touch a program except the method called.
 */
public final class XmlRpcEndpoint {

    /**
     * An answer to write.
     *
     * @param body       the {@code text/xml} response body
     * @param afterReply actions to run once the body has been written (e.g. shutdown)
     */
    public record Reply(byte[] body, List<Runnable> afterReply) {
    }

    private final MethodTable table;
    private final ApiServer.Hooks hooks;

    /** Creates the endpoint over {@code engine} and the daemon's {@code hooks}. */
    public XmlRpcEndpoint(Engine engine, ApiServer.Hooks hooks) {
        this.hooks = hooks;
        this.table = new MethodTable(hooks::shuttingDown);
        new SupervisorMethods(engine, hooks).register(table);
        new SystemMethods(table, this::internalError).register();
    }

    /** Answers one request body; call it off the selector thread, continue with {@code executor}. */
    public CompletableFuture<Reply> handle(byte[] body, Executor executor) {
        CallContext context = new CallContext(executor);
        MethodCall call;
        try {
            call = XmlRpcReader.parseCall(body);
        } catch (XmlRpcFault f) {
            return CompletableFuture.completedFuture(new Reply(XmlRpcWriter.fault(f), List.of()));
        }
        return table.invoke(call.methodName(), call.params(), context).handle((value, failure) -> {
            byte[] xml;
            if (failure == null) {
                try {
                    xml = XmlRpcWriter.response(value);
                } catch (RuntimeException e) {
                    xml = XmlRpcWriter.fault(asFault(e, this::internalError));
                }
            } else {
                xml = XmlRpcWriter.fault(asFault(failure, this::internalError));
            }
            return new Reply(xml, context.takeAfterReply());
        });
    }

    /** Returns {@code t} as a fault: itself when it is one, else FAILED (and the cause is logged, not shown). */
    static XmlRpcFault asFault(Throwable t, Consumer<Throwable> internalError) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof XmlRpcFault f) return f;
        internalError.accept(t);
        return new XmlRpcFault(Fault.FAILED, "internal error (see the daemon log)");
    }

    private void internalError(Throwable t) {
        hooks.log(LogLevel.ERROR, "XML-RPC call failed: " + t);
    }
}
