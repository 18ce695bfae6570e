package org.supervisordj.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.supervisordj.config.LogLevel;
import org.supervisordj.config.LogTarget;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.config.StreamLogConfig;
import org.supervisordj.config.SupervisordConfig;
import org.supervisordj.events.EventPublisher;
import org.supervisordj.events.EventType;
import org.supervisordj.logging.AnsiStrippingSink;
import org.supervisordj.logging.AutoLogNames;
import org.supervisordj.logging.CapturingSink;
import org.supervisordj.logging.DebugEchoSink;
import org.supervisordj.logging.EventingSink;
import org.supervisordj.logging.LogSink;
import org.supervisordj.logging.NullSink;
import org.supervisordj.logging.RotatingFileSink;
import org.supervisordj.logging.Syslog;
import org.supervisordj.logging.SyslogSink;
import org.supervisordj.logging.TimestampingSink;

/** Opens, reopens and closes the per-stream log sinks of a process; sinks live as long as the process entry. */
final class ChildLogs {

    private ChildLogs() {
    }

    /** Opens whichever of {@code p}'s sinks are not open yet; AUTO names are drawn once and kept. */
    static void open(ManagedProcess p, SupervisordConfig sup, Supplier<EventPublisher> events, Syslog syslog,
                     EngineLog log) throws IOException {
        ProgramConfig c = p.config();
        if (p.stdoutSink == null) {
            Path path = path(c, c.stdout(), "stdout", sup);
            // A listener's stdout is its protocol channel: supervisord gives it a plain log file and nothing else.
            StreamLogConfig stdout = p.pool == null ? c.stdout() : protocolChannel(c.stdout());
            p.stdoutSink = decorate(sink(path, stdout, syslog, c, sup), c, stdout, false, events, sup, log);
            p.stdoutPath = path == null ? "" : path.toString();
        }
        if (!c.redirectStderr() && p.stderrSink == null) {
            Path path = path(c, c.stderr(), "stderr", sup);
            p.stderrSink = decorate(sink(path, c.stderr(), syslog, c, sup), c, c.stderr(), true, events, sup, log);
            p.stderrPath = path == null ? "" : path.toString();
        }
    }

    /** Reopens {@code p}'s files by name (SIGUSR2, after an external logrotate). */
    static void reopen(ManagedProcess p) throws IOException {
        if (p.stdoutSink != null) p.stdoutSink.reopen();
        if (p.stderrSink != null) p.stderrSink.reopen();
    }

    /** Closes {@code p}'s sinks; output still arriving from a lingering grandchild is then discarded by the pump. */
    static void close(ManagedProcess p) throws IOException {
        try {
            if (p.stdoutSink != null) p.stdoutSink.close();
        } finally {
            if (p.stderrSink != null) p.stderrSink.close();
        }
    }

    /** As {@link #close}, logging a failure instead: the process is going away either way. */
    static void closeQuietly(ManagedProcess p, EngineLog log) {
        try {
            close(p);
        } catch (IOException e) {
            log.log(org.supervisordj.config.LogLevel.WARN, "couldn't close log of " + p.name() + ": "
                    + org.supervisordj.logging.Reason.of(e));
        }
    }

    private static Path path(ProgramConfig c, StreamLogConfig s, String channel, SupervisordConfig sup)
            throws IOException {
        return switch (s.logfile().kind()) {
            case NONE -> null;
            case FILE -> Path.of(s.logfile().path());
            case AUTO -> AutoLogNames.create(Path.of(sup.childlogdir()), c.name(), channel, sup.identifier());
        };
    }

    private static StreamLogConfig protocolChannel(StreamLogConfig s) {
        return new StreamLogConfig(s.logfile(), s.maxbytes(), s.backups(), 0, false, false, s.timestamps());
    }

    /**
     * Wraps the channel's log in what supervisord's {@code POutputDispatcher} does around it, in its
     * order: capture mode first, on the raw bytes; then strip_ansi, then the log, the debug echo and
     * the PROCESS_LOG event each see the (stripped) chunk.
     */
    private static LogSink decorate(LogSink sink, ProgramConfig c, StreamLogConfig s, boolean stderr,
                                    Supplier<EventPublisher> events, SupervisordConfig sup, EngineLog log) {
        String channel = stderr ? "stderr" : "stdout";
        boolean echo = sup.loglevel().allows(LogLevel.DEBUG);
        UnaryOperator<LogSink> decorations = inner -> {
            LogSink out = s.eventsEnabled() ? new EventingSink(inner,
                    stderr ? EventType.PROCESS_LOG_STDERR : EventType.PROCESS_LOG_STDOUT, c.name(), c.group(), events)
                    : inner;
            if (echo) out = new DebugEchoSink(out, c.name(), channel, line -> log.logIfRoom(LogLevel.DEBUG, line));
            return sup.stripAnsi() ? new AnsiStrippingSink(out) : out;
        };
        LogSink out = decorations.apply(sink);
        if (s.captureMaxbytes() <= 0) return out;
        return new CapturingSink(out, decorations, s.captureMaxbytes(),
                stderr ? EventType.PROCESS_COMMUNICATION_STDERR : EventType.PROCESS_COMMUNICATION_STDOUT,
                c.name(), c.group(), events, line -> log.logIfRoom(LogLevel.DEBUG, line));
    }

    private static LogSink sink(Path path, StreamLogConfig s, Syslog syslog, ProgramConfig c, SupervisordConfig sup)
            throws IOException {
        // NONE still gets a sink: the pipe must be drained or the child blocks on a full pipe.
        LogSink file = path == null || s.logfile().kind() == LogTarget.Kind.NONE
                ? new NullSink() : new RotatingFileSink(path, s.maxbytes(), s.backups());
        // the stamps go to the file alone: syslog, events and the debug echo wrap this and see the raw bytes
        if (s.timestamps(sup) && !(file instanceof NullSink)) file = new TimestampingSink(file);
        return s.syslog() ? new SyslogSink(file, syslog, c.name()) : file;
    }
}
