package org.supervisordj.api.xmlrpc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

import org.supervisordj.api.ApiServer;
import org.supervisordj.config.LogLevel;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.logging.LogReader;
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
    /** Log reads answer at most this much (supervisord reads to the end, however large). */
    static final int READ_LIMIT = 1024 * 1024;
    private static final Comparator<ProcessInfo> LEXICAL =
            Comparator.comparing(ProcessInfo::group).thenComparing(ProcessInfo::name);

    private final Engine engine;
    private final ApiServer.Hooks hooks;
    private final ConfigMethods config;

    SupervisorMethods(Engine engine, ApiServer.Hooks hooks) {
        this.engine = engine;
        this.hooks = hooks;
        this.config = new ConfigMethods(engine, hooks);
    }

    void register(MethodTable t) {
        config.register(t);
        t.add("supervisor.getAPIVersion", (a, c) -> none(a, API_VERSION))
                .alias("supervisor.getVersion", "supervisor.getAPIVersion")
                .add("supervisor.getSupervisorVersion", (a, c) -> none(a, hooks.daemonInfo().version()))
                .add("supervisor.getIdentification", (a, c) -> none(a, hooks.current().supervisord().identifier()))
                .add("supervisor.getState", (a, c) -> none(a, Map.of("statecode", 1, "statename", "RUNNING")))
                .add("supervisor.getPID", (a, c) -> none(a, (int) hooks.daemonInfo().pid()))
                .add("supervisor.readLog", (a, c) -> read(hooks.current().supervisord().logfile(),
                        a.arity(2, 2).integer(0, "offset"), a.integer(1, "length")))
                .alias("supervisor.readMainLog", "supervisor.readLog")
                .add("supervisor.shutdown", (a, c) -> {
                    c.afterReply(hooks::shutdown); // answered first, as supervisord's loop does
                    return none(a, true);
                })
                                .add("supervisor.startProcess", (a, c) -> startProcess(a.arity(1, 2).string(0, "name"), a.bool(1, "wait", true)))
                .add("supervisor.startProcessGroup", (a, c) ->
                        startAll(group(a.arity(1, 2).string(0, "name")), a.bool(1, "wait", true)))
                .add("supervisor.startAllProcesses", (a, c) -> startAll(all(), a.arity(0, 1).bool(0, "wait", true)))
                .add("supervisor.stopProcess", (a, c) -> stopProcess(a.arity(1, 2).string(0, "name"), a.bool(1, "wait", true)))
                .add("supervisor.stopProcessGroup", (a, c) ->
                        stopAll(group(a.arity(1, 2).string(0, "name")), a.bool(1, "wait", true)))
                .add("supervisor.stopAllProcesses", (a, c) -> stopAll(all(), a.arity(0, 1).bool(0, "wait", true)))
                .add("supervisor.signalProcess", (a, c) -> signalProcess(a.arity(2, 2).string(0, "name"), signal(a, 1)))
                .add("supervisor.signalProcessGroup", (a, c) ->
                        signalAll(group(a.arity(2, 2).string(0, "name")), signal(a, 1)))
                .add("supervisor.signalAllProcesses", (a, c) -> signalAll(all(), signal(a.arity(1, 1), 0)))
                .add("supervisor.getProcessInfo", (a, c) -> processInfo(a.arity(1, 1).string(0, "name")))
                .add("supervisor.getAllProcessInfo", (a, c) -> none(a, allProcessInfo()))
                .add("supervisor.readProcessStdoutLog", (a, c) -> readProcessLog(a, true))
                .alias("supervisor.readProcessLog", "supervisor.readProcessStdoutLog")
                .add("supervisor.readProcessStderrLog", (a, c) -> readProcessLog(a, false))
                .add("supervisor.tailProcessStdoutLog", (a, c) -> tailProcessLog(a, true))
                .alias("supervisor.tailProcessLog", "supervisor.tailProcessStdoutLog")
                .add("supervisor.tailProcessStderrLog", (a, c) -> tailProcessLog(a, false))
                // supervisord answers true whoever listens; [eventlistener:x] is not supported here, so nobody does.
                .add("supervisor.sendRemoteCommEvent", (a, c) -> {
                    a.arity(2, 2).string(0, "type");
                    a.string(1, "data");
                    return true;
                });
        // The engine cannot do these yet (issue 10): each answers FAILED naming itself.
        for (String m : List.of("clearLog", "restart", "clearProcessLogs",
                "clearProcessLog", "clearAllProcessLogs", "sendProcessStdin")) {
            t.unsupported("supervisor." + m);
        }
    }

    private List<ProcessInfo> all() {
        return config.allInPriorityOrder(engine.snapshot());
    }

    private static Object none(Args a, Object value) {
        a.arity(0, 0);
        return value;
    }

    // ---- names -----------------------------------------------------------------------------------

    /** A resolved name: one process, or (process null) every process of a group, in priority order. */
    private record Target(ProcessInfo process, List<ProcessInfo> members) {
    }

    // supervisord's split_namespec + _getGroupAndProcess: "g:*" and "g:" are the group, "x" is x:x.
    private Target resolve(String name) {
        int colon = name.indexOf(':');
        String group = colon < 0 ? name : name.substring(0, colon);
        String process = colon < 0 ? name : name.substring(colon + 1);
        if (process.isEmpty() || process.equals("*")) process = null;
        List<ProcessInfo> members = members(group);
        if (members.isEmpty()) throw new XmlRpcFault(Fault.BAD_NAME, name);
        if (process == null) return new Target(null, members);
        for (ProcessInfo p : members) if (p.name().equals(process)) return new Target(p, members);
        throw new XmlRpcFault(Fault.BAD_NAME, name);
    }

    private List<ProcessInfo> group(String name) {
        List<ProcessInfo> members = members(name);
        if (members.isEmpty()) throw new XmlRpcFault(Fault.BAD_NAME, name);
        return members;
    }

    private List<ProcessInfo> members(String group) {
        return engine.snapshot().stream().filter(p -> p.group().equals(group)).toList(); // snapshot: priority order
    }

    private ProcessInfo process(String name) {
        ProcessInfo p = resolve(name).process();
        if (p == null) throw new XmlRpcFault(Fault.BAD_NAME, name);
        return p;
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
        Target t = resolve(name);
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
        Target t = resolve(name);
        return t.process() == null ? stopAll(t.members(), wait) : stop(t.process(), name, wait).thenApply(Outcome::valueOrThrow);
    }

    // A BACKOFF process has no child: STOPPED at once, no wait.
    private CompletableFuture<Outcome> stop(ProcessInfo p, String name, boolean wait) {
        boolean waits = wait && p.state() != ProcessState.BACKOFF;
        return engine.stop(p.namespec(), wait).thenApply(r -> r.get(0).ok() ? new Outcome(null, waits)
                : new Outcome(fault(r.get(0), name), false));
    }

    private CompletableFuture<List<Object>> stopAll(List<ProcessInfo> ps, boolean wait) {
        return forEach(ps, p -> p.state().isRunning(), p -> stop(p, p.namespec(), wait));
    }

    private Object signalProcess(String name, String signal) {
        Target t = resolve(name);
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

    // supervisord's signal_number takes a name ("HUP", "SIGHUP") or a number, as a string or an int.
    private static String signal(Args a, int i) {
        Object v = a.raw(i);
        if (v instanceof Integer || v instanceof Long) return v.toString();
        return a.string(i, "signal");
    }

    // ---- information --------------------------------------------------------------------------------

    private Object processInfo(String name) {
        return Structs.processInfo(process(name), System.currentTimeMillis() / 1000, ZoneId.systemDefault());
    }

    private List<Object> allProcessInfo() {
        long now = System.currentTimeMillis() / 1000;
        ZoneId zone = ZoneId.systemDefault();
        return engine.snapshot().stream().sorted(LEXICAL).map(p -> (Object) Structs.processInfo(p, now, zone)).toList();
    }

    // ---- logs ----------------------------------------------------------------------------------------

    private Object readProcessLog(Args a, boolean stdout) {
        ProcessInfo p = process(a.arity(3, 3).string(0, "name"));
        return read(stdout ? p.stdoutLogfile() : p.stderrLogfile(), a.integer(1, "offset"), a.integer(2, "length"));
    }

    // options.readFile, with at most READ_LIMIT bytes per answer.
    private static String read(String logfile, long offset, long length) {
        if (logfile == null || logfile.isEmpty() || !Files.isRegularFile(Path.of(logfile))) {
            throw new XmlRpcFault(Fault.NO_FILE, logfile == null || logfile.isEmpty() ? null : logfile);
        }
        if ((offset < 0 && length != 0) || length < 0) throw new XmlRpcFault(Fault.BAD_ARGUMENTS);
        try {
            if (offset < 0) return text(LogReader.read(Path.of(logfile), Math.max(offset, -READ_LIMIT), 0));
            int count = (int) (length == 0 || length > READ_LIMIT ? READ_LIMIT : length);
            return text(LogReader.read(Path.of(logfile), offset, count));
        } catch (IOException | RuntimeException e) {
            throw new XmlRpcFault(Fault.FAILED);
        }
    }

    private Object tailProcessLog(Args a, boolean stdout) {
        ProcessInfo p = process(a.arity(3, 3).string(0, "name"));
        String logfile = stdout ? p.stdoutLogfile() : p.stderrLogfile();
        long offset = a.integer(1, "offset");
        long length = Math.min(a.integer(2, "length"), READ_LIMIT);
        if (logfile.isEmpty() || !Files.isRegularFile(Path.of(logfile))) return List.of("", 0, false);
        return tail(Path.of(logfile), offset, length);
    }

    // options.tailFile, line for line: the offset returned is the file size, overflow when it outgrew offset+length.
    private static List<Object> tail(Path file, long offset, long length) {
        try {
            long size = Files.size(file);
            boolean overflow = false;
            if (size > offset + length) {
                overflow = true;
                offset = size - 1;
            }
            if (offset + length > size) {
                if (offset > size - 1) length = 0;
                offset = size - length;
            }
            offset = Math.max(0, offset);
            length = Math.max(0, length);
            String data = length == 0 ? "" : text(LogReader.read(file, offset, (int) length));
            return List.of(data, size, overflow);
        } catch (IOException e) { // gone meanwhile (rotated, removed): as tailFile answers
            return List.of("", offset, false);
        }
    }

    // as_string: log bytes are UTF-8 text to XML-RPC; bytes that are not become U+FFFD.
    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException(e); // cannot happen with REPLACE
        }
    }
}
