package org.supervisordj.process;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.LogLevel;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.config.SocketConfig;
import org.supervisordj.logging.Reason;
import org.supervisordj.posix.ListeningSockets;
import org.supervisordj.posix.PosixException;
import org.supervisordj.posix.SpawnException;

/**
 * The listening sockets the daemon holds for its programs, by URL. Unlike supervisord, which closes
 * an fcgi-program's socket when its last process stops (so its own restart refuses connections), a
 * socket here lives as long as some program of the configuration names it: across stops, restarts,
 * crashes and reloads that keep it; the kernel queues connections while no process accepts. It is
 * closed when no program names it any more (removed, or its address changed) and at shutdown.
 * Engine thread only, except {@link #open} before boot (the daemon's thread, before privileges drop).
 */
final class HeldSockets {

    private record Held(SocketConfig config, int fd) {
    }

    private final Map<String, Held> held = new LinkedHashMap<>();
    private final EngineLog log;

    HeldSockets(EngineLog log) {
        this.log = log;
    }

    /**
     * Makes the held sockets those {@code config} names: closes the others, then opens what is missing.
     * A socket that cannot be opened now (its port still held by an old child) is logged and tried
     * again at the next spawn that needs it.
     */
    void open(Configuration config) {
        Map<String, SocketConfig> wanted = new LinkedHashMap<>();
        for (ProgramConfig p : config.programs()) {
            for (SocketConfig s : p.sockets()) wanted.putIfAbsent(s.url(), s);
        }
        for (Held h : List.copyOf(held.values())) {
            if (!wanted.containsKey(h.config().url())) close(h);
        }
        for (SocketConfig s : wanted.values()) {
            try {
                fd(s);
            } catch (SpawnException e) {
                log.log(LogLevel.ERROR, e.getMessage() + "; retried when a process of it starts");
            }
        }
    }

    /** Returns the fd of the socket {@code s}, opening it if needed and applying changed settings in place. */
    int fd(SocketConfig s) throws SpawnException {
        Held h = held.get(s.url());
        try {
            if (h == null) {
                h = new Held(s, create(s));
                held.put(s.url(), h);
                log.log(LogLevel.INFO, "Creating socket " + s.url());
            } else if (!h.config().equals(s)) {
                if (!java.util.Objects.equals(h.config().backlog(), s.backlog())) ListeningSockets.relisten(h.fd(), backlog(s));
                if (s.isUnix()) ListeningSockets.setOwnerAndMode(s.path(), s.ownerUid(), s.ownerGid(), s.mode());
                h = new Held(s, h.fd());
                held.put(s.url(), h);
            }
            return h.fd();
        } catch (PosixException | IOException e) {
            throw new SpawnException("couldn't create socket " + s.url() + ": " + Reason.of(e));
        }
    }

    /** Closes every socket: the daemon is ending and no child is left. */
    void closeAll() {
        for (Held h : new ArrayList<>(held.values())) close(h);
    }

    private void close(Held h) {
        held.remove(h.config().url());
        log.log(LogLevel.INFO, "Closing socket " + h.config().url());
        ListeningSockets.close(h.fd());
    }

    private static int create(SocketConfig s) throws PosixException, IOException {
        return s.isUnix() ? ListeningSockets.openUnix(s.path(), s.ownerUid(), s.ownerGid(), s.mode(), backlog(s))
                : ListeningSockets.openTcp(s.host(), s.port(), backlog(s));
    }

    private static int backlog(SocketConfig s) {
        return s.backlog() == null ? ListeningSockets.SOMAXCONN : s.backlog();
    }
}
