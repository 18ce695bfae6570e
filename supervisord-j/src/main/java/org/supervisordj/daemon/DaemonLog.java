package org.supervisordj.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.supervisordj.config.LogLevel;
import org.supervisordj.config.SupervisordConfig;
import org.supervisordj.logging.LogSink;
import org.supervisordj.logging.Reason;
import org.supervisordj.logging.RotatingFileSink;
import org.supervisordj.logging.Syslog;
import org.supervisordj.process.EngineLog;

/**
 * The daemon's own log in supervisord's format ({@code 2026-11-25 15:04:05,123 INFO spawned: 'web' with pid 4242}):
 * to {@code logfile=} (rotated), and to stderr in the foreground unless {@code silent=true}. With
 * {@code logfile=syslog} it goes to syslog instead of a file, each line of a message as its own
 * message in that format, newline included, as supervisord sends it.
 */
public final class DaemonLog implements EngineLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final ZoneId ZONE = ZoneId.systemDefault();
    private static final byte[] NEWLINE = {'\n'};
    // Writing these too would print every line twice on the console.
    private static final Set<String> CONSOLE = Set.of("/dev/stdout", "/dev/stderr", "/dev/fd/1", "/dev/fd/2",
            "/proc/self/fd/1", "/proc/self/fd/2");

    private final LogLevel level;
    /** logformat=json: JSON lines instead of supervisord's text. */
    private final boolean json;
    private final LogSink file;
    private final Syslog syslog; // null unless logfile=syslog
    private final PrintStream console;
    /** Lines and reopen/close requests, written in order by the "log-writer" thread. */
    private final BlockingQueue<Runnable> pending = new LinkedBlockingQueue<>(QUEUE_LIMIT);
    private final Thread writer;
    private boolean fileFailed; // writer thread only (and the caller's once the writer has died)
    private volatile boolean dead;
    private final CompletableFuture<Throwable> died = new CompletableFuture<>();

    /**
     * Enough for any burst the engine makes; only a log device stalled for that long makes callers
     * wait, which is better than dropping a line.
     */
    private static final int QUEUE_LIMIT = 100_000;
    private final AtomicLong skipped = new AtomicLong(); // logIfRoom's drops

    DaemonLog(LogLevel level, LogSink file, PrintStream console) {
        this(level, file, null, console, false);
    }

    DaemonLog(LogLevel level, LogSink file, Syslog syslog, PrintStream console, boolean json) {
        this.level = level;
        this.json = json;
        this.file = file;
        this.syslog = syslog;
        this.console = console;
        // The engine must never wait for a disk (nor a restart for its own "exited:" line): a thread writes.
        this.writer = new Thread(this::drain, "log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Opens the log configured in {@code [supervisord]}: the file, or syslog for "syslog", and the console. */
    public static DaemonLog open(SupervisordConfig c, PrintStream stderr) throws IOException {
        String path = c.logfile();
        boolean toSyslog = "syslog".equals(path);
        boolean toFile = path != null && !toSyslog;
        LogSink sink = toFile ? new RotatingFileSink(Path.of(path), c.logfileMaxbytes(), c.logfileBackups()) : null;
        boolean echo = !c.silent() && !(toFile && CONSOLE.contains(path));
        return new DaemonLog(c.loglevel(), sink, toSyslog ? Syslog.local() : null,
                echo || !(toFile || toSyslog) ? stderr : null, c.jsonLog());
    }

    /** Queues one line, stamped now, if {@code lvl} passes the configured loglevel. */
    @Override
    public void log(LogLevel lvl, String message) {
        if (!level.allows(lvl)) return;
        reportSkipped(true);
        enqueue(line(lvl, message));
    }

    /** As {@link #log}, but a full queue (the writer stalled on a slow disk or a console nobody reads) drops the line, counted. */
    @Override
    public void logIfRoom(LogLevel lvl, String message) {
        if (!level.allows(lvl)) return;
        if (dead || Thread.currentThread() == writer) {
            log(lvl, message);
            return;
        }
        reportSkipped(false);
        if (!pending.offer(line(lvl, message))) skipped.incrementAndGet();
    }

    // Says how many copies were dropped, before the next line, so in order: from log(), which may wait
    // anyway; from logIfRoom() only once there is room again.
    private void reportSkipped(boolean mayWait) {
        long n = skipped.get();
        if (n == 0 || (!mayWait && pending.remainingCapacity() == 0)) return;
        n = skipped.getAndSet(0);
        if (n == 0) return;
        Runnable warning = line(LogLevel.WARN, "dropped " + n + " lines of the loglevel=debug echo of child output:"
                + " the daemon log could not keep up (the programs' own log files have them)");
        if (mayWait) {
            enqueue(warning);
        } else if (!pending.offer(warning)) {
            skipped.addAndGet(n); // the room went meanwhile: say it with the next one
        }
    }

    private Runnable line(LogLevel lvl, String message) {
        long at = System.currentTimeMillis();
        // Formatting is the writer's job too: the caller may be the engine between a reap and a respawn.
        return () -> {
            if (json) {
                write("", JsonLogLine.format(at, lvl, message, ZONE));
            } else {
                write(TIME.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(at), ZONE)) + " " + abbreviation(lvl) + " ",
                        message);
            }
        };
    }

    /** Returns the configured loglevel. */
    LogLevel level() {
        return level;
    }

    /**
     * Completes, with the cause, if the writer thread dies (it never does on {@link #close()}). From
     * then on every line goes straight to stderr, from the caller's thread, so no caller ever waits
     * on a queue nobody drains.
     */
    public CompletableFuture<Throwable> died() {
        return died;
    }

    /** Reopens the log file by name (SIGUSR2), after the lines already queued. */
    public void reopen() {
        if (file == null || dead) return;
        enqueue(() -> {
            try {
                file.reopen();
                fileFailed = false;
            } catch (IOException e) {
                System.err.println("supervisord-j: can't reopen the log file: " + Reason.of(e));
            }
        });
    }

    /** Writes every queued line, then closes the log file. */
    public void close() {
        if (dead) return;
        reportSkipped(true);
        enqueue(() -> {
            try {
                if (file != null) file.close();
            } catch (IOException e) {
                System.err.println("supervisord-j: can't close the log file: " + Reason.of(e));
            }
            throw new Closed();
        });
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Runnable task) {
        if (dead) {
            runOnStderr(task);
            return;
        }
        if (Thread.currentThread() == writer) {
            // A line about our own file (System.Logger from the sink): waiting on a full queue only we drain would hang.
            pending.offer(task);
            return;
        }
        try {
            pending.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dead) flushToStderr(); // it died meanwhile, maybe after its last look at the queue
    }

    private void drain() {
        Runnable task = null;
        try {
            while (true) {
                task = pending.take();
                try {
                    task.run();
                } catch (Closed done) {
                    throw done;
                } catch (RuntimeException e) {
                    fileFailed = true; // as for an IOException: keep going on the console
                    System.err.println("supervisord-j: can't write the log file (" + e + "); logging to stderr only");
                }
            }
        } catch (Closed | InterruptedException done) {
            // close() asked for it, after every line before it was written
        } catch (Throwable e) {
            dead = true;
            System.err.println("supervisord-j: the log writer died (" + e + "); logging to stderr only");
            if (task != null) runOnStderr(task); // the line it died on
            flushToStderr();
            died.complete(e);
        }
    }

    private synchronized void flushToStderr() {
        Runnable task;
        while ((task = pending.poll()) != null) runOnStderr(task);
    }

    private synchronized void runOnStderr(Runnable task) {
        fileFailed = true; // the file is what may have killed the writer: leave it alone
        try {
            task.run();
        } catch (RuntimeException ignored) {
            // close(), or a line that cannot be written even there
        }
    }

    private void write(String stamp, String message) {
        if (syslog != null) {
            syslog.sendLines(stamp.getBytes(StandardCharsets.UTF_8),
                    ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), NEWLINE);
        }
        String line = stamp + message + "\n";
        if (file != null && !fileFailed) {
            try {
                file.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                fileFailed = true; // say it once, then keep going on the console
                System.err.println("supervisord-j: can't write the log file (" + Reason.of(e) + "); logging to stderr only");
            }
        }
        boolean lost = fileFailed || (file instanceof RotatingFileSink r && r.dropping()); // disk full: stderr keeps it
        if (console != null || lost) {
            PrintStream out = console != null ? console : System.err;
            out.print(line);
            if (pending.isEmpty()) out.flush(); // one flush per burst
        }
    }

    /** Ends the writer loop from inside it. */
    private static final class Closed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Closed() {
            super(null, null, false, false);
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
