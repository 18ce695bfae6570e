package org.supervisordj.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.EnvironmentFile;
import org.supervisordj.config.ListenSocket;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.logging.LogSink;
import org.supervisordj.logging.Reason;
import org.supervisordj.posix.PipePump;
import org.supervisordj.posix.Pipes;
import org.supervisordj.posix.PosixException;
import org.supervisordj.posix.SpawnException;
import org.supervisordj.posix.SpawnRequest;

/**
 * Spawns one child with its output pipes wired to its log sinks, and remembers which pids are ours.
 *
 * <p>Why a lock around "spawn + record": the reaper thread asks {@link #owns(int)} as soon as a
 * child has exited, which for {@code /bin/false} can be before posix_spawn has even returned to us.
 * If it saw "not ours" it would reap the pid quietly and the engine would never hear of the exit.
 * Holding the lock from posix_spawn until the pid is in {@code owned} makes the reaper's check wait
 * for the record. The lock is held only for the spawn call itself (well under a millisecond of
 * vfork-style work), and the reaper is the only other party that takes it.
 */
final class ChildLauncher {

    private static final System.Logger LOG = System.getLogger(ChildLauncher.class.getName());

    private final Platform platform;
    private final Object lock = new Object();
    private final Set<Integer> owned = new HashSet<>(); // guarded by lock

    ChildLauncher(Platform platform) {
        this.platform = platform;
    }

    /** Returns true if {@code pid} was spawned here and not yet forgotten; any thread. */
    boolean owns(int pid) {
        synchronized (lock) {
            return owned.contains(pid);
        }
    }

    /** Returns the pids spawned here and not yet forgotten. */
    List<Integer> owned() {
        synchronized (lock) {
            return List.copyOf(owned);
        }
    }

    /** Forgets {@code pid} after it has been reaped. */
    void forget(int pid) {
        synchronized (lock) {
            owned.remove(pid);
        }
    }

    /** A started child: its pid and the daemon's (non-blocking) write end of its stdin. */
    record Spawned(int pid, int stdinFd) {
    }

    /**
     * Spawns {@code c} with stdout (and stderr unless redirected) piped into the given sinks and stdin
     * on a pipe whose write end the caller owns from now on (none for an fcgi-program: -1), and its
     * held sockets from {@code sockets} on fd 0 (fcgi-program) and fds 3... (listen_sockets).
     */
    Spawned launch(ProgramConfig c, Configuration config, LogSink out, LogSink err, HeldSockets sockets,
                   Map<String, String> extraEnv)
            throws SpawnException {
        Map<String, String> env = environment(c, config);
        env.putAll(extraEnv); // NOTIFY_SOCKET and WATCHDOG_USEC of ready=notify / watchdog_secs
        // fcgi-program: fd 0 is the held socket, so there is no stdin (as in supervisord's make_dispatchers).
        int fd0 = c.fcgiSocket() == null ? -1 : sockets.fd(c.fcgiSocket());
        List<Integer> listenFds = new ArrayList<>();
        for (ListenSocket l : c.listenSockets()) listenFds.add(sockets.fd(l.socket()));
        if (!listenFds.isEmpty()) {
            env.put("LISTEN_FDS", Integer.toString(listenFds.size()));
            env.put("LISTEN_FDNAMES", String.join(":", c.listenSockets().stream()
                    .map(ListenSocket::name).toList()));
        }
        int[] inPipe = fd0 >= 0 ? new int[] {-1, -1} : pipe(null, null);
        int[] outPipe = pipe(inPipe, null);
        int[] errPipe = c.redirectStderr() ? null : pipe(inPipe, outPipe);
        // redirect_stderr: fd 2 is the same pipe as fd 1, so the two streams interleave exactly.
        int errWrite = errPipe == null ? outPipe[1] : errPipe[1];
        int pid;
        try {
            // supervisord chdirs to [supervisord] directory= and its children inherit it; we start them there.
            String directory = c.directory() != null ? c.directory() : config.supervisord().directory();
            if (fd0 < 0) Pipes.setNonBlocking(inPipe[1]); // the engine thread writes it: never block on a full pipe
            SpawnRequest request = new SpawnRequest(c.argv(), env, directory, c.umask(), c.user(),
                    outPipe[1], errWrite, fd0 >= 0 ? fd0 : inPipe[0], listenFds);
            synchronized (lock) {
                pid = platform.spawner().spawn(request);
                owned.add(pid); // first thing after the spawn: see the class comment
            }
        } catch (SpawnException | PosixException | RuntimeException e) {
            closeAll(inPipe, outPipe, errPipe);
            throw e instanceof SpawnException se ? se : new SpawnException("couldn't spawn: " + e.getMessage());
        }
        platform.reaper().childSpawned();
        // Our copies of the child's ends must go, or the pump would never see EOF (nor the child on stdin).
        if (fd0 < 0) Pipes.close(inPipe[0]);
        Pipes.close(outPipe[1]);
        if (errPipe != null) Pipes.close(errPipe[1]);
        // The child runs and is ours from here on, whatever happens to its pipes: it must be tracked.
        register(outPipe[0], out.forChild(pid));
        if (errPipe != null) register(errPipe[0], err.forChild(pid));
        return new Spawned(pid, inPipe[1]);
    }

    /**
     * Spawns an {@code exec:} probe of {@code c}: its command with the program's environment, directory
     * and user, stdin on /dev/null and its output discarded (a pipe the pump drains, so that a chatty
     * check cannot block). Returns its pid, owned like a program's child.
     */
    int launchProbe(List<String> argv, ProgramConfig c, Configuration config) throws SpawnException {
        Map<String, String> env = environment(c, config);
        int[] outPipe = pipe(null, null);
        int pid;
        try {
            String directory = c.directory() != null ? c.directory() : config.supervisord().directory();
            SpawnRequest request = new SpawnRequest(argv, env, directory, c.umask(), c.user(), outPipe[1], outPipe[1]);
            synchronized (lock) {
                pid = platform.spawner().spawn(request);
                owned.add(pid);
            }
        } catch (SpawnException | RuntimeException e) {
            closeAll(outPipe, null, null);
            throw e instanceof SpawnException se ? se : new SpawnException("couldn't spawn: " + e.getMessage());
        }
        platform.reaper().childSpawned();
        Pipes.close(outPipe[1]);
        try {
            platform.pump().register(outPipe[0], new PipePump.Sink() {
                @Override
                public void write(ByteBuffer bytes) {
                    bytes.position(bytes.limit()); // a check's output is not kept: its exit status is the answer
                }

                @Override
                public void eof() {
                }
            });
        } catch (IllegalStateException e) {
            // the pump has died and the engine is aborting
        }
        return pid;
    }

    /** Builds the child's environment: the daemon's, [supervisord] environment, the program's, then SUPERVISOR_*. */
    Map<String, String> environment(ProgramConfig c, Configuration config) throws SpawnException {
        Map<String, String> env = new LinkedHashMap<>(platform.daemonEnvironment());
        // systemd's notify channel is the daemon's own: a child using it would speak for the service.
        for (String k : new String[] {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"}) env.remove(k);
        // Nor are the sockets systemd gave the daemon theirs: the LISTEN_* a child sees are its own (or none).
        for (String k : new String[] {"LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"}) env.remove(k);
        env.putAll(config.supervisord().environment());
        env.putAll(c.environment());
        if (c.environmentFile() != null) {
            // Last among the configured sources: the file is the host's own override (and its secrets).
            try {
                env.putAll(EnvironmentFile.read(Path.of(c.environmentFile())));
            } catch (IOException e) {
                throw new SpawnException("couldn't read environment_file: " + Reason.of(e));
            }
        }
        env.put("SUPERVISOR_ENABLED", "1");
        env.put("SUPERVISOR_PROCESS_NAME", c.name());
        env.put("SUPERVISOR_GROUP_NAME", c.group());
        String url = serverUrl(c, config);
        if (url != null) {
            env.put("SUPERVISOR_SERVER_URL", url);
        } else {
            env.remove("SUPERVISOR_SERVER_URL"); // not inherited from a supervisor that started us
        }
        return env;
    }

    /** Returns the program's serverurl, else the configured control server's URL, else null. */
    static String serverUrl(ProgramConfig c, Configuration config) {
        if (c.serverurl() != null) return c.serverurl();
        if (config.unixServer() != null) return "unix://" + config.unixServer().unixSocket();
        if (config.inetServer() != null) {
            String host = config.inetServer().host().isEmpty() ? "localhost" : config.inetServer().host();
            return "http://" + host + ":" + config.inetServer().port();
        }
        return null;
    }

    private static int[] pipe(int[] alreadyOpen, int[] alsoOpen) throws SpawnException {
        try {
            return Pipes.pipe2Cloexec();
        } catch (PosixException e) {
            closeAll(alreadyOpen, alsoOpen, null);
            return throwSpawn("couldn't make pipes: " + e.errnoName());
        }
    }

    private static int[] throwSpawn(String message) throws SpawnException {
        throw new SpawnException(message);
    }

    private static void closeAll(int[] a, int[] b, int[] c) {
        for (int[] p : new int[][] {a, b, c}) {
            if (p != null) {
                if (p[0] >= 0) Pipes.close(p[0]);
                if (p[1] >= 0) Pipes.close(p[1]);
            }
        }
    }

    private void register(int readFd, LogSink sink) {
        try {
            platform.pump().register(readFd, adapt(sink));
        } catch (IllegalStateException e) {
            // The pump has died (it closed the fd: the child's writes fail instead of blocking), and
            // the engine is aborting, which stops this child too.
        }
    }

    private static PipePump.Sink adapt(LogSink sink) {
        return new PipePump.Sink() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                sink.write(bytes);
            }

            @Override
            public void eof() {
                // EOF only means "stop reading" (the exit comes from the reaper), once the log has what was held back.
                try {
                    sink.eof();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.ERROR, "writing out the last output of a child failed", e);
                }
            }
        };
    }
}
