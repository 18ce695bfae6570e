package org.supervisordj.config;

import java.util.List;
import java.util.Map;

/**
 * One process instance of a {@code [program:x]} section, fully expanded and validated.
 * {@code numprocs=3} yields three of these. Equal records mean "unchanged" on reload.
 *
 * @param name          the process name ({@code process_name} expanded)
 * @param group         the group it belongs to: the program name, or the {@code [group:x]} naming it
 * @param program       x of {@code [program:x]}
 * @param processNum    its {@code %(process_num)d}
 * @param command       the expanded {@code command=} text
 * @param argv          the command split with shlex rules; argv[0] may still need a PATH search
 * @param environment   the program's own {@code environment=} entries (not the daemon's)
 * @param directory     working directory, or null to inherit the daemon's
 * @param umask         umask, or null to inherit the daemon's
 * @param user          user to run as, or null for the daemon's user
 * @param serverurl     SUPERVISOR_SERVER_URL for the child; null means AUTO
 * @param environmentFile a KEY=value file read at each spawn (extension), or null
 * @param fcgiSocket    {@code [fcgi-program:x] socket=}: the held socket the child gets as fd 0, or null
 * @param listenSockets {@code listen_sockets=} (extension): held sockets the child gets as fd 3, 4, ...
 * @param health        readiness, health check and depends_on (extensions), {@link HealthConfig#NONE} without them
 */
public record ProgramConfig(
        String name, String group, String program, int processNum, int numprocs, int numprocsStart,
        String command, List<String> argv, int priority, boolean autostart, int startsecs, int startretries,
        Autorestart autorestart, List<Integer> exitcodes, String stopsignal, int stopwaitsecs,
        boolean stopasgroup, boolean killasgroup, String user, boolean redirectStderr,
        StreamLogConfig stdout, StreamLogConfig stderr, Map<String, String> environment,
        String directory, Integer umask, String serverurl, RestartBackoff restartBackoff,
        String environmentFile, SocketConfig fcgiSocket, List<ListenSocket> listenSockets, HealthConfig health) {

    public ProgramConfig {
        listenSockets = listenSockets == null ? List.of() : List.copyOf(listenSockets);
        if (health == null) health = HealthConfig.NONE;
        argv = List.copyOf(argv);
        exitcodes = List.copyOf(exitcodes);
        environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
    }

    /** Returns this process with the given held sockets. */
    public ProgramConfig withSockets(SocketConfig fcgi, List<ListenSocket> listen) {
        return new ProgramConfig(name, group, program, processNum, numprocs, numprocsStart, command, argv, priority,
                autostart, startsecs, startretries, autorestart, exitcodes, stopsignal, stopwaitsecs, stopasgroup,
                killasgroup, user, redirectStderr, stdout, stderr, environment, directory, umask, serverurl,
                restartBackoff, environmentFile, fcgi, listen, health);
    }

    /** Returns every socket this process is given: the fcgi socket first, then listen_sockets in order. */
    public List<SocketConfig> sockets() {
        List<SocketConfig> all = new java.util.ArrayList<>();
        if (fcgiSocket != null) all.add(fcgiSocket);
        for (ListenSocket l : listenSockets) all.add(l.socket());
        return all;
    }

    /** Returns supervisord's namespec for this process: {@code group:name}, or {@code name} when they are equal. */
    public String namespec() {
        return group.equals(name) ? name : group + ":" + name;
    }

    /** Redacts environment values: they are secrets (DEVELOPERS.md). */
    @Override
    public String toString() {
        return "ProgramConfig[" + namespec() + ", command=" + command + ", environment keys=" + environment.keySet() + "]";
    }
}
