package org.supervisordj.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.supervisordj.logging.Reason;
import org.supervisordj.posix.PosixException;
import org.supervisordj.posix.ProcessSignals;

/** The daemon's pidfile: refuses to start over a live daemon, and is removed on a clean exit. */
final class PidFile {

    /** Another live process holds the pidfile. */
    static final class HeldException extends Exception {
        private static final long serialVersionUID = 1L;

        HeldException(String message) {
            super(message);
        }
    }

    private final Path path;
    private final int pid;

    private PidFile(Path path, int pid) {
        this.path = path;
        this.pid = pid;
    }

    /**
     * Writes our pid to {@code path}, unless it names a process that is still alive and, by the
     * record of children its daemon kept, is that daemon (not a process that got its pid since).
     */
    static PidFile acquire(Path path) throws HeldException, IOException {
        int self = ProcessSignals.getpid();
        Integer holder = read(path);
        if (holder != null && holder != self && alive(holder) && !ChildrenRecord.namesAnotherProcessWithPid(path, holder)) {
            throw new HeldException("pidfile " + path + " holds pid " + holder + ", which is still running: "
                    + "another supervisord-j (or supervisord) uses this configuration; stop it first, or set "
                    + "pidfile= to another path");
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp" + self);
        Files.writeString(tmp, self + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new PidFile(path, self);
    }

    /** Removes the pidfile if it still holds our pid. */
    void remove() {
        try {
            Integer holder = read(path);
            if (holder != null && holder == pid) Files.deleteIfExists(path);
        } catch (IOException e) {
            System.err.println("supervisord-j: couldn't remove pidfile " + path + ": " + Reason.of(e));
        }
    }

    private static Integer read(Path path) throws IOException {
        try {
            String text = Files.readString(path, StandardCharsets.US_ASCII).strip();
            return text.matches("\\d{1,10}") ? Integer.valueOf(text) : null; // garbage: treat as stale
        } catch (NoSuchFileException e) {
            return null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean alive(int pid) {
        try {
            return ProcessSignals.kill(pid, 0); // signal 0: existence check only
        } catch (PosixException e) {
            return true; // EPERM: it exists, it is just not ours to signal
        }
    }
}
