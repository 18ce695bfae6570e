package org.supervisordj.posix;

import java.util.List;
import java.util.Map;

/**
 * What to spawn: argv (argv[0] may be a bare command, resolved on the child's PATH), the exact
 * environment, an optional directory, umask and user (null = unchanged), and the write ends to
 * put on fds 1 and 2 (equal for redirect_stderr), and the read end for fd 0 (-1: /dev/null), which may also
 * be a listening socket (fcgi-program). {@code listenFds} go to fds 3, 4, ... in order; when there are any,
 * the child's LISTEN_PID is set to its own pid (systemd's socket activation), which only the child can know.
 */
public record SpawnRequest(List<String> argv, Map<String, String> env, String directory, Integer umask,
                           String user, int stdoutFd, int stderrFd, int stdinFd, List<Integer> listenFds) {

    /** A request without sockets from fd 3 on. */
    public SpawnRequest(List<String> argv, Map<String, String> env, String directory, Integer umask,
                        String user, int stdoutFd, int stderrFd, int stdinFd) {
        this(argv, env, directory, umask, user, stdoutFd, stderrFd, stdinFd, List.of());
    }

    /** A request whose child reads /dev/null. */
    public SpawnRequest(List<String> argv, Map<String, String> env, String directory, Integer umask,
                        String user, int stdoutFd, int stderrFd) {
        this(argv, env, directory, umask, user, stdoutFd, stderrFd, -1);
    }

    /** Validates and copies the arguments. */
    public SpawnRequest {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        listenFds = List.copyOf(listenFds);
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("argv must name a command: " + argv);
        }
        if (umask != null && (umask < 0 || umask > 0777)) {
            throw new IllegalArgumentException("umask must be within 0..0777: " + Integer.toOctalString(umask));
        }
        if (stdoutFd < 0 || stderrFd < 0) {
            throw new IllegalArgumentException("stdout/stderr fds must be open fds: " + stdoutFd + ", " + stderrFd);
        }
    }

    /** Returns a description without environment values, which may hold secrets. */
    @Override
    public String toString() {
        return "SpawnRequest[argv=" + argv + ", env keys=" + env.keySet() + ", directory=" + directory
                + ", umask=" + (umask == null ? null : "0" + Integer.toOctalString(umask)) + ", user=" + user
                + ", stdoutFd=" + stdoutFd + ", stderrFd=" + stderrFd + ", stdinFd=" + stdinFd + ", listenFds=" + listenFds + "]";
    }
}
