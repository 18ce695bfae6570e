package org.supervisordj.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;

import org.supervisordj.config.LogLevel;
import org.supervisordj.config.SupervisordConfig;
import org.supervisordj.logging.LogSink;
import org.supervisordj.logging.RotatingFileSink;
import org.supervisordj.process.EngineLog;

/**
 * The daemon's own log in supervisord's format ({@code 2026-11-25 15:04:05,123 INFO spawned: 'web' with pid 4242}):
 * to {@code logfile=} (rotated), and to stderr in the foreground unless {@code silent=true}.
 */
public final class DaemonLog implements EngineLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    // Writing these too would print every line twice on the console.
    private static final Set<String> CONSOLE = Set.of("/dev/stdout", "/dev/stderr", "/dev/fd/1", "/dev/fd/2",
            "/proc/self/fd/1", "/proc/self/fd/2");

    private final LogLevel level;
    private final LogSink file;
    private final PrintStream console;
    private boolean fileFailed;

    DaemonLog(LogLevel level, LogSink file, PrintStream console) {
        this.level = level;
        this.file = file;
        this.console = console;
    }

    /** Opens the log configured in {@code [supervisord]}; "syslog" means stderr only for now. */
    public static DaemonLog open(SupervisordConfig c, PrintStream stderr) throws IOException {
        String path = c.logfile();
        boolean toFile = path != null && !path.equals("syslog");
        LogSink sink = toFile ? new RotatingFileSink(Path.of(path), c.logfileMaxbytes(), c.logfileBackups()) : null;
        boolean echo = !c.silent() && !(toFile && CONSOLE.contains(path));
        return new DaemonLog(c.loglevel(), sink, echo || !toFile ? stderr : null);
    }

    /** Writes one line if {@code lvl} passes the configured loglevel. */
    @Override
    public synchronized void log(LogLevel lvl, String message) {
        if (!level.allows(lvl)) return;
        String line = TIME.format(LocalDateTime.now()) + " " + abbreviation(lvl) + " " + message + "\n";
        if (file != null && !fileFailed) {
            try {
                file.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                fileFailed = true; // say it once, then keep going on the console
                System.err.println("supervisord-j: can't write the log file (" + e + "); logging to stderr only");
            }
        }
        if (console != null || fileFailed) {
            (console != null ? console : System.err).print(line);
            (console != null ? console : System.err).flush();
        }
    }

    /** Reopens the log file by name (SIGUSR2). */
    public synchronized void reopen() {
        if (file == null) return;
        try {
            file.reopen();
            fileFailed = false;
        } catch (IOException e) {
            System.err.println("supervisord-j: can't reopen the log file: " + e);
        }
    }

    /** Closes the log file. */
    public synchronized void close() {
        if (file == null) return;
        try {
            file.close();
        } catch (IOException e) {
            System.err.println("supervisord-j: can't close the log file: " + e);
        }
    }

    /** supervisord's four-letter level names. */
    static String abbreviation(LogLevel lvl) {
        return switch (lvl) {
            case CRITICAL -> "CRIT";
            case ERROR -> "ERRO";
            case WARN -> "WARN";
            case INFO -> "INFO";
            case DEBUG -> "DEBG";
            case TRACE -> "TRAC";
            case BLATHER -> "BLAT";
        };
    }
}
