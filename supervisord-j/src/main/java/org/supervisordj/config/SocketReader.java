package org.supervisordj.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.supervisordj.posix.Users;

/**
 * Reads the sockets of a program section: {@code [fcgi-program:x] socket=} exactly as supervisord 4.2.5's
 * parse_fcgi_socket (options.py), and the {@code listen_sockets=} extension with the same URL syntax.
 * {@code socket_owner}, {@code socket_mode} and {@code socket_backlog} apply to both. Sockets are read
 * once per program (all its processes share them), before any per-process name exists.
 */
final class SocketReader {
    private static final Pattern TCP = Pattern.compile("tcp://([^\\s:]+):(\\d+)");
    // systemd's fdname_is_valid: printable ASCII but ':', at most 255.
    private static final Pattern FD_NAME = Pattern.compile("[\\x21-\\x39\\x3b-\\x7e]{1,255}");

    private final SectionReader r;
    private final Map<String, Object> names;
    private final String programName;
    private Integer backlog;
    private Integer[] owner; // {uid, gid}, or null
    private Integer mode;
    private final boolean ok;

    /**
     * @param envNames the ENV_X names (supervisord expands the socket options with them and
     *                 {@code %(program_name)s} only)
     */
    SocketReader(MergedSection section, Problems problems, Map<String, Object> envNames, String programName) {
        this.r = new SectionReader(section, problems);
        this.programName = programName;
        this.names = new HashMap<>(envNames);
        names.put("program_name", programName);
        boolean good = true;
        if (r.isSet("socket_backlog")) {
            backlog = r.typed("socket_backlog", envNames, Datatypes::integer);
            if (backlog != null && (backlog < 1 || backlog > 65535)) {
                r.error("socket_backlog", "Invalid socket_backlog value " + backlog + " (1..65535)");
            }
        }
        if (r.isSet("socket_owner")) owner = r.typed("socket_owner", envNames, SocketReader::userGroup);
        if (r.isSet("socket_mode")) {
            mode = r.typed("socket_mode", envNames, text -> {
                try {
                    return Datatypes.octal(text);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Invalid socket_mode value " + Limits.quoted(text));
                }
            });
        }
        this.ok = !r.failed();
    }

    /** {@code [fcgi-program:x] socket=}; null (the problem recorded) when it is missing or invalid. */
    SocketConfig fcgiSocket(String user) {
        String text = r.expanded("socket", names);
        if (!ok || r.failed()) return null;
        if (text == null || text.isEmpty()) {
            r.error("socket", "[" + r.sectionName() + "] section requires a \"socket\" line");
            return null;
        }
        return checked("socket", r.convert("socket", text, url -> parse(url, user, true)));
    }

    // supervisord only finds out when it binds (and then does not start): say it at load, as for log files.
    private SocketConfig checked(String key, SocketConfig s) {
        if (s != null && s.isUnix() && !HostChecks.parentDirectoryExists(s.path())) {
            r.hostDependent(key, "The directory named as part of the socket path " + s.path() + " does not exist");
        }
        return s;
    }

    /**
     * {@code listen_sockets=}: comma-separated {@code [name=]url}, names default to the program's name.
     * Returns an empty list when unset, null when invalid.
     */
    List<ListenSocket> listenSockets(String user) {
        String text = r.expanded("listen_sockets", names);
        if (text == null) return List.of();
        if (!ok || r.failed()) return null;
        List<ListenSocket> sockets = new ArrayList<>();
        Set<String> urls = new HashSet<>();
        for (String item : Datatypes.listOfStrings(text)) {
            int eq = item.indexOf('=');
            String name = eq < 0 ? programName : item.substring(0, eq).strip();
            String url = eq < 0 ? item : item.substring(eq + 1).strip();
            if (!FD_NAME.matcher(name).matches()) {
                r.error("listen_sockets", "socket name '" + Limits.quoted(name) + "' is not a valid LISTEN_FDNAMES"
                        + " name (1 to 255 printable characters, no ':' or space)");
                return null;
            }
            // socket_owner and socket_mode apply to the Unix ones among them
            SocketConfig s = checked("listen_sockets", r.convert("listen_sockets", url, u -> parse(u, user, false)));
            if (s == null) return null;
            if (!urls.add(s.url())) {
                r.error("listen_sockets", s.url() + " is listed twice");
                return null;
            }
            sockets.add(new ListenSocket(name, s));
        }
        if (sockets.isEmpty()) r.error("listen_sockets", "names no socket");
        return sockets.isEmpty() ? null : List.copyOf(sockets);
    }

    /** supervisord's parse_fcgi_socket, with its defaults: a Unix socket is 0700 and owned by the program's user. */
    private SocketConfig parse(String url, String user, boolean ownerOnlyForUnix) {
        if (url.startsWith("unix://")) {
            String path = url.substring("unix://".length());
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("Unix socket path " + Limits.quoted(path) + " is not an absolute path");
            }
            path = Datatypes.path(Path.of(path).normalize().toString());
            Integer[] o = owner;
            if (o == null && user != null) {
                Users.Account a = Users.lookup(user);
                // supervisord: only when the program runs as another user than the daemon
                if (a != null && a.uid() != Users.currentUid()) o = new Integer[] {a.uid(), a.gid()};
            }
            return new SocketConfig("unix://" + path, null, 0, path, o == null ? null : o[0], o == null ? -1 : o[1],
                    mode == null ? 0700 : mode, backlog);
        }
        if (ownerOnlyForUnix && (owner != null || mode != null)) {
            throw new IllegalArgumentException("socket_owner and socket_mode params should only be used with a Unix domain socket");
        }
        Matcher m = TCP.matcher(url);
        if (m.matches()) {
            String host = m.group(1).toLowerCase(java.util.Locale.ROOT);
            int port;
            try {
                port = Integer.parseInt(m.group(2));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + m.group(2) + " is not within 1..65535");
            return new SocketConfig("tcp://" + host + ":" + port, host, port, null, null, -1, null, backlog);
        }
        throw new IllegalArgumentException("Bad socket format " + Limits.quoted(url)
                + " (tcp://host:port or unix:///absolute/path)");
    }

    /** supervisord's colon_separated_user_group: {@code user} or {@code user:group}, names or ids. */
    private static Integer[] userGroup(String text) {
        String[] parts = text.split(":", 2);
        Users.Account a = Users.lookup(parts[0]);
        Integer gid = parts.length == 1 ? Integer.valueOf(-1) : Users.groupId(parts[1]);
        if (a == null || gid == null) throw new IllegalArgumentException("Invalid socket_owner value " + Limits.quoted(text));
        return new Integer[] {a.uid(), gid};
    }
}
