package org.supervisordj.api;

import java.nio.ByteBuffer;
import java.util.List;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;

import org.supervisordj.api.xmlrpc.XmlRpcEndpoint;
import org.supervisordj.process.Engine;

/**
 * {@code POST /RPC2}: supervisord's XML-RPC interface (package api.xmlrpc), behind the same
 * authentication and body limit as the JSON routes, so supervisorctl and XML-RPC clients work.
 */
final class XmlRpcRoute {

    private final XmlRpcEndpoint endpoint;

    XmlRpcRoute(Engine engine, ApiServer.Hooks hooks) {
        this.endpoint = new XmlRpcEndpoint(engine, hooks);
    }

    void register(Router router) {
        router.add("POST", "/RPC2", this::call);
    }

    private void call(Exchange ex) {
        // Jetty's idle timeout (30 s) does not cut a request the handler has yet to answer, so
        // startProcess(wait=True) with startsecs=35 still answers (checked with supervisorctl).
        BodyReader.read(ex.request)
                .thenComposeAsync(body -> endpoint.handle(body, ex.executor), ex.executor) // parsing is CPU: not on a selector
                .whenCompleteAsync((reply, failure) -> {
                    if (failure != null) ex.fail(failure); // body too large or unreadable: the API's HTTP error
                    else write(ex, reply);
                }, ex.executor);
    }

    private static void write(Exchange ex, XmlRpcEndpoint.Reply reply) {
        if (!ex.claim()) return;
        ex.response.setStatus(200);
        ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml");
        ex.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        List<Runnable> after = reply.afterReply();
        ex.response.write(true, ByteBuffer.wrap(reply.body()), Callback.from(() -> {
            ex.callback.succeeded();
            after.forEach(ex.executor::execute);
        }, failure -> {
            ex.callback.failed(failure);
            after.forEach(ex.executor::execute);
        }));
    }
}
