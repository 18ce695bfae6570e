package org.supervisordj.api.xmlrpc;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

import org.supervisordj.api.ApiServer;
import org.supervisordj.api.SnapshotRendering;
import org.supervisordj.config.LogLevel;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.posix.Signals;
import org.supervisordj.process.Engine;
import org.supervisordj.process.Fault;
import org.supervisordj.process.ProcessInfo;
import org.supervisordj.process.ProcessResult;
import org.supervisordj.process.ProcessState;

/**
 * The {@code supervisor.*} namespace, as supervisord 4.2.5's rpcinterface.py answers it: names are
 * resolved with its {@code split_namespec} rules against the engine's snapshot, each process
 * command goes to the engine, and group commands return its status arrays.
 */
final class SupervisorMethods {

    static final String API_VERSION = "3.0";
    private static final Comparator<ProcessInfo> LEXICAL =
            Comparator.comparing(ProcessInfo::group).thenComparing(ProcessInfo::name);

    private final Engine engine;
    private final ApiServer.Hooks hooks;
    private final ConfigMethods config;
    private final Names names;
    private final SnapshotRendering<XmlRpcWriter.Rendered> allProcessInfo;

    SupervisorMethods(Engine engine, ApiServer.Hooks hooks) {
        this.engine = engine;
        this.hooks = hooks;
        this.config = new ConfigMethods(engine, hooks);
        this.names = new Names(engine);
        // supervisorctl status and every dashboard poll this; rendered once per snapshot and second.
        this.allProcessInfo = new SnapshotRendering<>(engine::snapshot, System::currentTimeMillis,
                (snapshot, second) -> XmlRpcWriter.Rendered.of(allProcessInfo(snapshot, second)));
    }

    void register(MethodTable t) {
        config.register(t);
        new LogMethods(engine, hooks, names).register(t);
        t.add("supervisor.getAPIVersion", (a, c) -> noArgs(a, API_VERSION))
                .alias("supervisor.getVersion", "supervisor.getAPIVersion")
                .add("supervisor.getSupervisorVersion", (a, c) -> noArgs(a, hooks.daemonInfo().version()))
                .add("supervisor.getIdentification", (a, c) -> noArgs(a, hooks.current().supervisord().identifier()))
                .add("supervisor.getState", (a, c) -> noArgs(a, Map.of("statecode", 1, "statename", "RUNNING")))
                .add("supervisor.getPID", (a, c) -> noArgs(a, (int) hooks.daemonInfo().pid()))
                .add("supervisor.shutdown", (a, c) -> {
                    c.afterReply(hooks::shutdown); // answered first, as supervisord's loop does
                    return noArgs(a, true);
                })
                .add("supervisor.startProcess", (a, c) -> startProcess(a.arity(1, 2).string(0, "name"), a.bool(1, "wait", true)))
                .add("supervisor.startProcessGroup", (a, c) ->
                        startAll(names.group(a.arity(1, 2).string(0, "name")), a.bool(1, "wait", true)))
                .add("supervisor.startAllProcesses", (a, c) -> startAll(all(), a.arity(0, 1).bool(0, "wait", true)))
                .add("supervisor.stopProcess", (a, c) -> stopProcess(a.arity(1, 2).string(0, "name"), a.bool(1, "wait", true)))
                .add("supervisor.stopProcessGroup", (a, c) ->
                        stopAll(names.group(a.arity(1, 2).string(0, "name")), a.bool(1, "wait", true)))
                .add("supervisor.stopAllProcesses", (a, c) -> stopAll(all(), a.arity(0, 1).bool(0, "wait", true)))
                .add("supervisor.signalProcess", (a, c) -> signalProcess(a.arity(2, 2).string(0, "name"), signal(a, 1)))
                .add("supervisor.signalProcessGroup", (a, c) ->
                        signalAll(names.group(a.arity(2, 2).string(0, "name")), signal(a, 1)))
                .add("supervisor.signalAllProcesses", (a, c) -> signalAll(all(), signal(a.arity(1, 1), 0)))
                .add("supervisor.sendProcessStdin", (a, c) -> sendStdin(a.arity(2, 2).string(0, "name"), chars(a)))
                .add("supervisor.getProcessInfo", (a, c) -> processInfo(a.arity(1, 1).string(0, "name")))
                .add("supervisor.getAllProcessInfo", (a, c) -> noArgs(a, allProcessInfo.get()))
                // supervisord answers true whoever listens.
                .add("supervisor.sendRemoteCommEvent", (a, c) -> {
                    String type = a.arity(2, 2).string(0, "type");
                    String data = a.string(1, "data");
                    org.supervisordj.events.EventBus bus = hooks.events();
                    if (bus != null) {
                        bus.publish(org.supervisordj.events.RemoteCommunication.of(type, data, System.currentTimeMillis()));
                    }
                    return true;
                });
        t.add("supervisor.restart", (a, c) -> noArgs(a, restart()))
                .add("supervisor.clearLog", (a, c) -> noArgs(a, clearLog()));
    }

    // supervisord answers true and then rereads; a bad file makes it exit. Here the reread comes first and
    // a bad file is a fault, the daemon and its programs untouched (docs/compatibility.md).
    private Object restart() {
        return hooks.restart().handle((updated, failure) -> {
            if (failure == null) return true;
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof org.supervisordj.config.ConfigException e) {
                throw new XmlRpcFault(Fault.CANT_REREAD, e.problems().stream()
                        .filter(org.supervisordj.config.ConfigProblem::isError)
                        .map(org.supervisordj.config.ConfigProblem::toString)
                        .collect(java.util.stream.Collectors.joining("; ")));
            }
            throw failure instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(failure);
        });
    }

    private Object clearLog() {
        try {
            if (!hooks.clearLog()) throw new XmlRpcFault(Fault.NO_FILE);
        } catch (java.io.IOException e) {
            throw new XmlRpcFault(Fault.FAILED);
        }
        return true;
    }

    private List<ProcessInfo> all() {
        return config.allInPriorityOrder(engine.snapshot());
    }

    private static Object noArgs(Args a, Object value) {
        a.arity(0, 0);
        return value;
    }

    // ---- process commands -------------------------------------------------------------------------

    /**
     * One process's outcome: null or the fault, and whether supervisord would have deferred it
     * (answered after a wait) rather than answered at once; group answers list those last.
     */
    private record Outcome(XmlRpcFault fault, boolean deferred) {
        Object valueOrThrow() {
            if (fault != null) throw fault;
            return true;
        }
    }

    private Object startProcess(String name, boolean wait) {
        Names.Target t = names.resolve(name);
        return t.process() == null ? startAll(t.members(), wait) : start(t.process(), name, wait).thenApply(Outcome::valueOrThrow);
    }

    // supervisord answers at once when startsecs=0 made the process RUNNING during the call.
    private CompletableFuture<Outcome> start(ProcessInfo p, String name, boolean wait) {
        boolean waits = wait && startsecs(p) > 0;
        return engine.start(p.namespec(), wait).thenApply(r -> {
            ProcessResult result = r.get(0);
            if (result.ok()) return new Outcome(null, waits);
            // The engine's "exited while starting": supervisord's onwait finds spawnerr set ("Exited too quickly").
            if (result.fault() == Fault.ABNORMAL_TERMINATION) return new Outcome(exitedWhileStarting(p, name), true);
            return new Outcome(fault(result, name), false);
        });
    }

    private CompletableFuture<List<Object>> startAll(List<ProcessInfo> ps, boolean wait) {
        return forEach(ps, p -> !p.state().isRunning(), p -> start(p, p.namespec(), wait));
    }

    private Object stopProcess(String name, boolean wait) {
        Names.Target t = names.resolve(name);
        return t.process() == null ? stopAll(t.members(), wait) : stop(t.process(), name, wait, true).thenApply(Outcome::valueOrThrow);
    }

    // A BACKOFF process has no child: STOPPED at once, no wait. One process's stop takes its depends_on
    // dependents down first; a group's or all stops name each member, and answer for each, as supervisord.
    private CompletableFuture<Outcome> stop(ProcessInfo p, String name, boolean wait, boolean withDependents) {
        boolean waits = wait && p.state() != ProcessState.BACKOFF;
        return engine.stop(p.namespec(), wait, withDependents).thenApply(r -> r.get(0).ok() ? new Outcome(null, waits)
                : new Outcome(fault(r.get(0), name), false));
    }

    private CompletableFuture<List<Object>> stopAll(List<ProcessInfo> ps, boolean wait) {
        return forEach(ps, p -> p.state().isRunning(), p -> stop(p, p.namespec(), wait, false));
    }

    private Object signalProcess(String name, String signal) {
        Names.Target t = names.resolve(name);
        return t.process() == null ? signalAll(t.members(), signal) : signal(t.process(), name, signal).thenApply(Outcome::valueOrThrow);
    }

    private CompletableFuture<Outcome> signal(ProcessInfo p, String name, String signal) {
        int number;
        try {
            number = signal.strip().equals("0") ? 0 : Signals.number(signal);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Outcome(new XmlRpcFault(Fault.BAD_SIGNAL, signal), false));
        }
        if (number == 0) { // supervisord accepts 0 (it counts SIG_DFL as a signal): kill -0, an existence check
            boolean alive = engine.snapshot().stream().anyMatch(q -> q.group().equals(p.group())
                    && q.name().equals(p.name()) && q.state().isSignallable());
            return CompletableFuture.completedFuture(new Outcome(alive ? null : new XmlRpcFault(Fault.NOT_RUNNING, name), false));
        }
        return engine.signal(p.namespec(), Integer.toString(number))
                .thenApply(r -> new Outcome(r.get(0).ok() ? null : fault(r.get(0), name), false));
    }

    private CompletableFuture<List<Object>> signalAll(List<ProcessInfo> ps, String signal) {
        return forEach(ps, p -> p.state().isSignallable(), p -> signal(p, p.namespec(), signal));
    }

    /** Returns supervisord's fault for the engine's failed result for {@code name}. */
    private static XmlRpcFault fault(ProcessResult r, String name) {
        return switch (r.fault()) {
            // supervisord spawns over a STOPPING process, which then is not STARTING: its onwait says so.
            case STILL_RUNNING -> new XmlRpcFault(Fault.ABNORMAL_TERMINATION, name);
            case SHUTDOWN_STATE -> new XmlRpcFault(Fault.SHUTDOWN_STATE);
            case FAILED -> new XmlRpcFault(Fault.FAILED, r.description().equals("state unknown")
                    ? name + " is in an unknown process state" : r.description());
            case BAD_SIGNAL -> new XmlRpcFault(Fault.BAD_SIGNAL, r.description());
            default -> new XmlRpcFault(r.fault(), name);
        };
    }

    // supervisord's onwait: SPAWN_ERROR when the exit left a spawnerr, else ABNORMAL_TERMINATION.
    private XmlRpcFault exitedWhileStarting(ProcessInfo p, String name) {
        boolean spawnerr = engine.snapshot().stream().anyMatch(q -> q.group().equals(p.group())
                && q.name().equals(p.name()) && !q.spawnerr().isEmpty());
        return new XmlRpcFault(spawnerr ? Fault.SPAWN_ERROR : Fault.ABNORMAL_TERMINATION, name);
    }

    private int startsecs(ProcessInfo p) {
        return hooks.current().programs().stream().filter(c -> c.group().equals(p.group()) && c.name().equals(p.name()))
                .mapToInt(ProgramConfig::startsecs).findFirst().orElse(1);
    }

    /**
     * supervisord's make_allfunc: runs {@code op} for each process {@code which} selects and
     * answers a status struct each: those answered at once in process order, then the deferred
     * ones in the order their waits ended.
     */
    private CompletableFuture<List<Object>> forEach(List<ProcessInfo> ps, Predicate<ProcessInfo> which,
            Function<ProcessInfo, CompletableFuture<Outcome>> op) {
        List<ProcessInfo> selected = ps.stream().filter(which).toList();
        Object[] immediate = new Object[selected.size()];
        List<Object> deferred = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<?>[] each = new CompletableFuture<?>[selected.size()];
        for (int i = 0; i < selected.size(); i++) {
            ProcessInfo p = selected.get(i);
            int at = i;
            each[i] = op.apply(p).handle((o, failure) -> {
                Outcome outcome = failure == null ? o : new Outcome(XmlRpcEndpoint.asFault(failure,
                        e -> hooks.log(LogLevel.ERROR, "XML-RPC call failed: " + e)), false);
                Map<String, Object> status = Structs.status(p, outcome.fault());
                if (outcome.deferred()) deferred.add(status);
                else immediate[at] = status;
                return null;
            });
        }
        return CompletableFuture.allOf(each).thenApply(v -> {
            List<Object> out = new ArrayList<>();
            for (Object s : immediate) if (s != null) out.add(s);
            out.addAll(deferred);
            return out;
        });
    }

    private Object sendStdin(String name, byte[] chars) {
        ProcessInfo p = names.process(name);
        return engine.sendStdin(p.namespec(), chars).thenApply(r -> {
            if (!r.ok()) throw fault(r, name);
            return true;
        });
    }

    // supervisord's as_bytes: a string is sent as UTF-8, base64 (bytes) as it is.
    private static byte[] chars(Args a) {
        return a.raw(1) instanceof byte[] b ? b : a.string(1, "chars").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    // supervisord's signal_number takes a name ("HUP", "SIGHUP") or a number, as a string or an int.
    private static String signal(Args a, int i) {
        Object v = a.raw(i);
        if (v instanceof Integer || v instanceof Long) return v.toString();
        return a.string(i, "signal");
    }

    // ---- information --------------------------------------------------------------------------------

    private Object processInfo(String name) {
        return Structs.processInfo(names.process(name), System.currentTimeMillis() / 1000, ZoneId.systemDefault());
    }

    private static List<Object> allProcessInfo(List<ProcessInfo> snapshot, long now) {
        ZoneId zone = ZoneId.systemDefault();
        return snapshot.stream().sorted(LEXICAL).map(p -> (Object) Structs.processInfo(p, now, zone)).toList();
    }
}
