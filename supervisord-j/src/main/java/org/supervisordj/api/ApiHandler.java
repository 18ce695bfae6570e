package org.supervisordj.api;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

import org.supervisordj.api.metrics.RequestCounts;
import org.supervisordj.config.LogLevel;
import org.supervisordj.process.Engine;

/**
 * The API's single Jetty handler: authentication, the body size limit, then the routing table.
 * Non-blocking: it may run on a selector thread, so anything slow is handed to the executor and
 * engine futures are continued there, never on the engine thread.
 */
final class ApiHandler extends Handler.Abstract.NonBlocking {

    private static final String HEALTHZ = "/healthz";
    /** Failed logins are answered after this delay, without holding a thread (scheduler). */
    static final long AUTH_FAILURE_DELAY_MS = 200;

    private final ApiServer.Hooks hooks;
    private final Engine engine;
    private final Map<Connector, BasicAuth> auth;
    private final Executor executor;
    private final Scheduler scheduler;
    private final Router router = new Router();
    private final LogRoutes logs;
    private final EventStream events;
    private final RequestCounts requests = new RequestCounts();

    ApiHandler(Engine engine, ApiServer.Hooks hooks, Map<Connector, BasicAuth> auth, Executor executor,
               Scheduler scheduler) {
        this.hooks = hooks;
        this.engine = engine;
        this.auth = Map.copyOf(auth.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        this.executor = executor;
        this.scheduler = scheduler;
        this.logs = new LogRoutes(engine, scheduler);
        this.events = new EventStream(hooks.events(), scheduler);
        router.add("GET", HEALTHZ, ex -> ex.json(200, new JsonBodies.Status("ok")));
        new DaemonRoutes().register(router);
        new ProcessRoutes(engine, scheduler).register(router);
        logs.register(router);
        events.register(router);
        // One endpoint for both: the JSON config routes share its last-read configuration (avail, add).
        org.supervisordj.api.xmlrpc.XmlRpcEndpoint xmlRpc = new org.supervisordj.api.xmlrpc.XmlRpcEndpoint(engine, hooks);
        new XmlRpcRoute(xmlRpc).register(router);
        new ConfigRoutes(xmlRpc).register(router);
        new LogtailRoutes(engine, logs).register(router);
        new MetricsRoute(engine, hooks, requests).register(router);
        new DashboardRoutes().register(router);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        RequestCounts.Counted counted = requests.start(request.getMethod(), response, callback);
        Exchange ex = new Exchange(request, response, counted, executor, hooks);
        String path = request.getHttpURI().getPath();
        try {
            BasicAuth required = auth.get(request.getConnectionMetaData().getConnector());
            boolean authenticated = required == null
                    || required.accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            if (!authenticated && !path.equals(HEALTHZ)) {
                refuse(ex, path);
                return true; // callback will be completed by the delayed 401
            }
            // A stranger's connection keeps the short idle timeout; a known client's may idle longer.
            if (authenticated) {
                request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(ApiServer.IDLE_TIMEOUT_MS);
            }
            if (engine.failed()) { // every route, /healthz too: nothing is supervised any more
                throw new ApiException(ApiFault.SHUTDOWN_STATE, "the supervisor has failed; the daemon is stopping its"
                        + " programs and exiting");
            }
            CrossSiteGuard.check(request);
            if (request.getLength() > BodyReader.MAX_BODY) throw BodyReader.tooLarge();
            ex.parseQuery();
            Router.Match match = router.match(request.getMethod(), path);
            counted.route(match.route());
            ex.namespec = match.namespec() == null ? null : Namespecs.check(match.namespec());
            match.action().handle(ex);
        } catch (ApiException e) {
            if (e.fault() == ApiFault.METHOD_NOT_ALLOWED) {
                response.getHeaders().put(HttpHeader.ALLOW, router.allowedMethods(path));
            }
            ex.fail(e);
        } catch (Exception | LinkageError e) {
            ex.fail(e);
        }
        return true; // callback will be completed when the engine (or the route) answers
    }

    int openStreams() {
        return logs.openStreams() + events.openStreams();
    }

    /** Ends follow and event streams. */
    void close() {
        logs.close();
        events.close();
    }

    private void refuse(Exchange ex, String path) {
        boolean given = ex.request.getHeaders().get(HttpHeader.AUTHORIZATION) != null;
        hooks.log(LogLevel.WARN, (given ? "wrong" : "missing") + " credentials for " + ex.request.getMethod() + " "
                + Namespecs.printable(path) + " from " + Request.getRemoteAddr(ex.request));
        ex.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"supervisord-j\", charset=\"UTF-8\"");
        // Delay the answer to slow down guessing; the scheduler holds no thread meanwhile.
        scheduler.schedule(() -> ex.error(ApiFault.UNAUTHORIZED,
                given ? "wrong username or password" : "authentication required"),
                AUTH_FAILURE_DELAY_MS, TimeUnit.MILLISECONDS);
    }
}
