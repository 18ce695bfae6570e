package org.supervisordj.api.xmlrpc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.supervisordj.api.ApiServer;
import org.supervisordj.logging.LogReader;
import org.supervisordj.process.Engine;
import org.supervisordj.process.Fault;
import org.supervisordj.process.ProcessInfo;

/** supervisord's log methods: readLog, readProcess*Log, tailProcess*Log (options.readFile, tailFile) and clearing. */
final class LogMethods {

    /** Log reads answer at most this much (supervisord reads to the end, however large). */
    static final int READ_LIMIT = 1024 * 1024;

    private final Engine engine;
    private final ApiServer.Hooks hooks;
    private final Names names;

    LogMethods(Engine engine, ApiServer.Hooks hooks, Names names) {
        this.engine = engine;
        this.hooks = hooks;
        this.names = names;
    }

    void register(MethodTable t) {
        t.add("supervisor.readLog", (a, c) -> read(hooks.current().supervisord().logfile(),
                        a.arity(2, 2).integer(0, "offset"), a.integer(1, "length")))
                .alias("supervisor.readMainLog", "supervisor.readLog")
                .add("supervisor.readProcessStdoutLog", (a, c) -> readProcessLog(a, true))
                .alias("supervisor.readProcessLog", "supervisor.readProcessStdoutLog")
                .add("supervisor.readProcessStderrLog", (a, c) -> readProcessLog(a, false))
                .add("supervisor.tailProcessStdoutLog", (a, c) -> tailProcessLog(a, true))
                .alias("supervisor.tailProcessLog", "supervisor.tailProcessStdoutLog")
                .add("supervisor.tailProcessStderrLog", (a, c) -> tailProcessLog(a, false))
                .add("supervisor.clearProcessLogs", (a, c) -> {
                    String name = a.arity(1, 1).string(0, "name");
                    remove(names.process(name), name);
                    return engine.reopenLogs().thenApply(v -> (Object) true);
                })
                .alias("supervisor.clearProcessLog", "supervisor.clearProcessLogs")
                .add("supervisor.clearAllProcessLogs", (a, c) -> {
                    a.arity(0, 0);
                    return clearAll();
                });
    }

    // supervisord's removelogs: the current file goes (backups stay); the reopen starts an empty one.
    private static void remove(ProcessInfo p, String name) {
        for (String log : List.of(p.stdoutLogfile(), p.stderrLogfile())) {
            if (log.isEmpty()) continue;
            try {
                Files.deleteIfExists(Path.of(log));
            } catch (IOException e) {
                throw new XmlRpcFault(Fault.FAILED, name);
            }
        }
    }

    private CompletableFuture<Object> clearAll() {
        List<Object> results = new ArrayList<>();
        for (ProcessInfo p : engine.snapshot()) {
            XmlRpcFault fault = null;
            try {
                remove(p, p.namespec());
            } catch (XmlRpcFault f) {
                fault = f;
            }
            results.add(Structs.status(p, fault));
        }
        return engine.reopenLogs().thenApply(v -> results);
    }

    private Object readProcessLog(Args a, boolean stdout) {
        ProcessInfo p = names.process(a.arity(3, 3).string(0, "name"));
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
        ProcessInfo p = names.process(a.arity(3, 3).string(0, "name"));
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
