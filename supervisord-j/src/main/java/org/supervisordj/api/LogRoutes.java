package org.supervisordj.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.Scheduler;

import org.supervisordj.config.ProgramConfig;
import org.supervisordj.logging.LogFollower;
import org.supervisordj.logging.LogReader;
import org.supervisordj.process.Engine;
import org.supervisordj.process.ProcessInfo;

/**
 * {@code GET /api/v1/processes/{namespec}/log}: a range or tail of a process's stdout or stderr
 * log, optionally followed. The file is always the one the engine's snapshot names for that
 * process; the URL never contributes to a path.
 */
final class LogRoutes {

    private static final long DEFAULT_OFFSET = -1600;
    /** One answer carries at most this much; continue from offset + bytes received. */
    static final int MAX_READ = 1024 * 1024;

    private final Engine engine;
    private final Scheduler scheduler;
    private final Streams<LogStream> streams = new Streams<>("log follow");

    LogRoutes(Engine engine, Scheduler scheduler) {
        this.engine = engine;
        this.scheduler = scheduler;
    }

    void register(Router router) {
        router.add("GET", "/api/v1/processes/{namespec}/log", this::log);
    }

    int openStreams() {
        return streams.all().size();
    }

    /** Ends every follow stream. */
    void close() {
        streams.close();
        for (LogStream s : streams.all()) s.finish();
    }

    private void log(Exchange ex) {
        ProcessInfo p = Namespecs.one(engine.snapshot(), ex.namespec);
        String stream = ex.query("stream") == null ? "stdout" : ex.query("stream");
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            throw new ApiException(ApiFault.BAD_ARGUMENTS, "stream must be stdout or stderr, not '"
                    + Namespecs.printable(stream) + "'");
        }
        long offset = longQuery(ex, "offset", DEFAULT_OFFSET);
        long length = longQuery(ex, "length", 0);
        if (length < 0) throw new ApiException(ApiFault.BAD_ARGUMENTS, "length must be >= 0: " + length);
        if (offset < 0 && length != 0) {
            throw new ApiException(ApiFault.BAD_ARGUMENTS, "length must be 0 with a negative offset (a tail)");
        }
        boolean follow = ex.booleanQuery("follow", false);
        String file = stream.equals("stdout") ? p.stdoutLogfile() : p.stderrLogfile();
        if (file.isEmpty()) {
            throw new ApiException(ApiFault.BAD_ARGUMENTS, p.namespec() + " has no " + stream + " log file ("
                    + (stream.equals("stderr") ? "redirect_stderr=true or stderr_logfile=NONE" : "stdout_logfile=NONE") + ")");
        }
        int backups = backups(ex, p, stream);
        ex.executor.execute(() -> { // file reads block: not on a selector thread
            try {
                answer(ex, Path.of(file), offset, length, follow, backups);
            } catch (IOException | RuntimeException e) {
                ex.fail(e);
            }
        });
    }

    /** Answers the last 1024 bytes of {@code file} and then follows it (supervisord's /logtail and /mainlogtail). */
    void tailFollow(Exchange ex, Path file, int backups) {
        ex.executor.execute(() -> {
            try {
                answer(ex, file, -1024, 0, true, backups);
            } catch (IOException | RuntimeException e) {
                ex.fail(e);
            }
        });
    }

    private void answer(Exchange ex, Path file, long offset, long length, boolean follow, int backups)
            throws IOException {
        byte[] bytes;
        long size;
        if (offset < 0) {
            LogReader.Tail tail = tail(file, (int) Math.min(MAX_READ, -offset));
            bytes = tail.bytes();
            size = tail.size();
        } else {
            size = size(file);
            // Bounded by the size read first, so X-Log-Size is exactly where the next read continues.
            long count = Math.min(length == 0 ? MAX_READ : Math.min(length, MAX_READ), Math.max(0, size - offset));
            bytes = count == 0 ? new byte[0] : read(file, offset, (int) count);
        }
        ex.response.setStatus(200);
        ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        ex.response.getHeaders().put("X-Log-Size", Long.toString(size));
        ex.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (!follow) {
            if (!ex.claim()) return;
            ex.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            ex.response.write(true, ByteBuffer.wrap(bytes), ex.callback);
            return;
        }
        long from = offset < 0 ? size : Math.min(size, offset + bytes.length);
        LogStream s = new LogStream(ex, new LogFollower(file, backups, from), scheduler, streams);
        try {
            streams.add(s);
        } catch (ApiException e) {
            s.closeFollower();
            throw e;
        }
        if (!ex.claim()) {
            streams.remove(s);
            s.closeFollower();
            return;
        }
        s.start(ByteBuffer.wrap(bytes));
    }

    private int backups(Exchange ex, ProcessInfo p, String stream) {
        for (ProgramConfig c : ex.hooks().current().programs()) {
            if (c.group().equals(p.group()) && c.name().equals(p.name())) {
                return stream.equals("stdout") ? c.stdout().backups() : c.stderr().backups();
            }
        }
        return 10; // supervisord's default; only matters if the process left the configuration meanwhile
    }

    private static LogReader.Tail tail(Path file, int max) throws IOException {
        try {
            return LogReader.tail(file, max);
        } catch (NoSuchFileException e) {
            return new LogReader.Tail(new byte[0], 0); // not written yet
        }
    }

    private static long size(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private static byte[] read(Path file, long offset, int count) throws IOException {
        try {
            return LogReader.read(file, offset, count);
        } catch (NoSuchFileException e) {
            return new byte[0];
        }
    }

    private static long longQuery(Exchange ex, String name, long dflt) {
        String v = ex.query(name);
        if (v == null || v.isEmpty()) return dflt;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ApiException(ApiFault.BAD_ARGUMENTS, name + " must be an integer, not '" + Namespecs.printable(v) + "'");
        }
    }
}
