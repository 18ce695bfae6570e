package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.supervisordj.logging.Reason;

/**
 * Several {@code -s} servers: one verb on each of them at once, the answers in the order the servers
 * were named. A server that fails (down, 401) is one line on stderr and does not stop the others;
 * the exit status is the highest of the servers' (an unreachable one counts as 69). Only loaded
 * when several servers are named, so the one-server path stays as it was.
 */
final class Fleet {
    /** Servers asked at once: enough for a rack, few enough not to look like a scan. */
    private static final int PARALLEL = 16;

    private Fleet() {
    }

    /**
     * One named server: how it is shown (never with credentials) and its client.
     *
     * @param label  the HOST column: the URL without user info
     * @param client the API client with this server's credentials
     */
    record Host(String label, ApiClient client) {
    }

    /** One server's outcome: its value, or the failure that ended its work. */
    record Outcome<T>(Host host, T value, CtlException failure) {
    }

    /**
     * The servers the command names: --servers FILE's, labelled by section, with their own credentials
     * where the file gives them; then the -s ones, labelled by URL; credentials otherwise from -u/-p,
     * the environment or -c.
     */
    static List<Host> hosts(ServerOptions server) {
        List<Host> hosts = new ArrayList<>();
        if (server.serversFile() != null) {
            for (ServersFile.Entry e : ServersFile.read(server.serversFile())) {
                ServerChoice c = server.choice(e.url());
                String user = e.username() != null ? e.username() : c.username();
                String password = e.password() != null ? e.password() : e.username() != null ? null : c.password();
                hosts.add(new Host(e.name(), new ApiClient(c.url(), user, password)));
            }
        }
        for (String url : server.serverUrls()) {
            ServerChoice c = server.choice(url);
            hosts.add(new Host(label(c.url()), new ApiClient(c.url(), c.username(), c.password())));
        }
        return hosts;
    }

    /** The URL as the HOST column shows it: scheme, host and port, or the socket; no user info. */
    static String label(ServerUrl url) {
        if (url.isUnix()) return url.text();
        return url.scheme() + "://" + url.hostHeader();
    }

    /** Runs work on every host in parallel; waits for all of them. */
    static <T> List<Outcome<T>> onEach(List<Host> hosts, Function<ApiClient, T> work) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, hosts.size()), r -> {
            Thread t = new Thread(r, "ctl-host");
            t.setDaemon(true); // a hung server must not keep ctl alive past its answer
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Host h : hosts) futures.add(pool.submit(() -> work.apply(h.client())));
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                Host h = hosts.get(i);
                try {
                    outcomes.add(new Outcome<>(h, futures.get(i).get(), null));
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    CtlException failure = cause instanceof CtlException c ? c
                            : new CtlException(ExitStatus.GENERIC, "error: " + Reason.of(cause));
                    outcomes.add(new Outcome<>(h, null, failure));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CtlException(ExitStatus.GENERIC, "interrupted");
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A host's failure as one line: the label, then the message without the URL it may begin with
     * ("http://h:9001: refused connection", not the URL twice).
     */
    static String failureLine(Host host, CtlException failure) {
        String m = failure.getMessage();
        String url = host.client().url().text();
        if (m.startsWith(url)) m = m.substring(url.length()).replaceFirst("^:? ", "");
        return host.label() + ": " + m;
    }

    /** Prints every failure on err, one line each; returns the highest exit code of the outcomes' failures. */
    static int reportFailures(List<? extends Outcome<?>> outcomes, PrintWriter err) {
        int worst = 0;
        for (Outcome<?> o : outcomes) {
            if (o.failure() == null) continue;
            err.println(failureLine(o.host(), o.failure()));
            worst = Math.max(worst, o.failure().status.code);
        }
        err.flush();
        return worst;
    }

    /** The labels padded to the widest, plus two spaces, for the HOST column. */
    static String column(String label, int width) {
        StringBuilder sb = new StringBuilder(label);
        while (sb.length() < width + 2) sb.append(' ');
        return sb.toString();
    }

    /** The widest label. */
    static int width(List<Host> hosts) {
        int w = 0;
        for (Host h : hosts) w = Math.max(w, h.label().length());
        return w;
    }
}
