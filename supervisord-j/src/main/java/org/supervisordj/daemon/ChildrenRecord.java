package org.supervisordj.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.supervisordj.config.LogLevel;
import org.supervisordj.logging.Reason;
import org.supervisordj.process.EngineLog;
import org.supervisordj.process.ProcessInfo;
import org.supervisordj.process.ProcessState;
import org.supervisordj.process.StateListener;

/**
 * The file, next to the pidfile, that names the children of the running daemon (pid, start time,
 * namespec), so that a daemon started after this one was killed ({@code kill -9}, the OOM killer)
 * finds them and stops them before starting its own: a program never runs twice.
 *
 * <p>The engine thread only updates a map and hands a copy over; a thread of its own writes the
 * file (tmp + rename, so a reader sees the old or the new record, never half of one). No fsync:
 * the record must survive the daemon's death, not the machine's, and the page cache does that.
 */
final class ChildrenRecord implements StateListener, AutoCloseable {

    private static final String HEADER = "supervisord-j children v1";

    /** One recorded child: {@code startTime} is /proc/PID/stat field 22. */
    record Entry(int pid, long startTime, String namespec) {
    }

    private final Path path;
    private final EngineLog log;
    private final String bootId = ProcStat.bootId();
    // The daemon itself, so that a pidfile naming a reused pid is known to be stale.
    private final String self = daemonLine();
    private final Map<String, Entry> children = new HashMap<>(); // engine thread only
    private final AtomicReference<List<Entry>> toWrite = new AtomicReference<>();
    private final Thread writer;
    private volatile boolean closed;
    private boolean failed; // writer thread only

    private ChildrenRecord(Path path, EngineLog log) {
        this.path = path;
        this.log = log;
        toWrite.set(List.of()); // the previous daemon's record is dealt with: start empty
        writer = new Thread(this::drain, "children-record");
        writer.setDaemon(true);
        writer.start();
    }

    /** Starts keeping the record for the daemon whose pidfile is {@code pidfile}. */
    static ChildrenRecord start(Path pidfile, EngineLog log) {
        return new ChildrenRecord(pathFor(pidfile), log);
    }

    static Path pathFor(Path pidfile) {
        return pidfile.resolveSibling(pidfile.getFileName() + ".children");
    }

    @Override
    public void spawned(String namespec, int pid) {
        // Read here, on the engine thread: only this thread reaps, so the pid cannot have been
        // reaped and reused yet. A writer reading later could record a stranger's start time.
        ProcStat stat = ProcStat.of(pid);
        if (stat == null) return;
        children.put(namespec, new Entry(pid, stat.startTime(), namespec));
        publish();
    }

    @Override
    public void stateChanged(ProcessInfo p, ProcessState from) {
        if (p.pid() == 0 && children.remove(p.namespec()) != null) publish();
    }

    private void publish() {
        toWrite.set(List.copyOf(children.values()));
        LockSupport.unpark(writer);
    }

    /** Writes what is pending, then removes the file: a clean shutdown leaves no child behind. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(5000);
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.log(LogLevel.WARN, "can't remove " + path + ": " + Reason.of(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        while (true) {
            List<Entry> next = toWrite.getAndSet(null);
            if (next != null) write(next);
            else if (closed) return;
            else LockSupport.park(this);
        }
    }

    private void write(List<Entry> entries) {
        StringBuilder text = new StringBuilder(HEADER).append("\nboot ").append(bootId).append('\n').append(self);
        for (Entry e : entries) text.append(e.pid()).append(' ').append(e.startTime()).append(' ').append(e.namespec()).append('\n');
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (failed) log.log(LogLevel.INFO, "writing " + path + " again");
            failed = false;
        } catch (IOException e) {
            if (!failed) {
                log.log(LogLevel.WARN, "can't write the record of running programs " + path + " (" + Reason.of(e)
                        + "): if this daemon is killed, the next one can't stop the programs it leaves running");
            }
            failed = true;
        }
    }

    private static String daemonLine() {
        int pid = org.supervisordj.posix.ProcessSignals.getpid();
        ProcStat stat = ProcStat.of(pid);
        return stat == null ? "" : "daemon " + pid + " " + stat.startTime() + "\n";
    }

    /**
     * Returns true if the record at {@code pidfile} says that its daemon, pid {@code pid}, started at
     * another time than the live process with that pid now: the pid was reused, the pidfile is stale.
     */
    static boolean namesAnotherProcessWithPid(Path pidfile, int pid) {
        try {
            List<String> lines = Files.readAllLines(pathFor(pidfile), StandardCharsets.UTF_8);
            if (lines.size() < 3 || !lines.get(0).equals(HEADER) || !lines.get(1).equals("boot " + ProcStat.bootId())) {
                return false;
            }
            String[] f = lines.get(2).split(" ");
            if (f.length != 3 || !f[0].equals("daemon") || Integer.parseInt(f[1]) != pid) return false;
            ProcStat now = ProcStat.of(pid);
            return now != null && now.startTime() != Long.parseLong(f[2]);
        } catch (IOException | RuntimeException e) {
            return false; // no usable record: trust the pidfile
        }
    }

    /** Reads the record a previous daemon left at {@code pidfile}; empty when none, or from another boot. */
    static List<Entry> read(Path pidfile, EngineLog log) {
        Path p = pathFor(pidfile);
        List<String> lines;
        try {
            lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            log.log(LogLevel.WARN, "can't read " + p + " (" + Reason.of(e) + "); programs a previous daemon left "
                    + "running are not looked for");
            return List.of();
        }
        if (lines.size() < 2 || !lines.get(0).equals(HEADER) || !lines.get(1).startsWith("boot ")) {
            log.log(LogLevel.WARN, p + " is not a record of supervisord-j's; ignored");
            return List.of();
        }
        if (!lines.get(1).substring(5).equals(ProcStat.bootId())) return List.of(); // written before a reboot
        Map<String, Entry> out = new TreeMap<>();
        for (String line : lines.subList(2, lines.size())) {
            if (line.startsWith("daemon ")) continue;
            String[] f = line.split(" ", 3);
            try {
                Entry e = new Entry(Integer.parseInt(f[0]), Long.parseLong(f[1]), f[2]);
                if (e.pid() > 1) out.put(e.namespec(), e);
            } catch (RuntimeException malformed) {
                log.log(LogLevel.WARN, p + ": malformed line ignored: " + line);
            }
        }
        return new ArrayList<>(out.values());
    }
}
