package org.supervisordj.api.xmlrpc;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.supervisordj.config.Configuration;
import org.supervisordj.config.GroupConfig;
import org.supervisordj.config.ProgramConfig;
import org.supervisordj.config.StreamLogConfig;
import org.supervisordj.posix.Signals;
import org.supervisordj.posix.Users;
import org.supervisordj.process.Fault;
import org.supervisordj.process.ProcessInfo;
import org.supervisordj.process.ProcessState;

/**
 * Every struct the XML-RPC methods return, with supervisord 4.2.5's field names, order, types and
 * values (rpcinterface.py): process info, status items and config info.
 */
final class Structs {

    // rpcinterface.py _interpretProcessInfo: strftime('%b %d %I:%M %p') in local time.
    private static final DateTimeFormatter STOP_TIME = DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.US);

    private Structs() {
    }

    /** Returns getProcessInfo's struct for {@code p} as of {@code nowSeconds}. */
    static Map<String, Object> processInfo(ProcessInfo p, long nowSeconds, ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("group", p.group());
        m.put("start", cappedInt(p.start()));
        m.put("stop", cappedInt(p.stop()));
        m.put("now", cappedInt(nowSeconds));
        m.put("state", p.state().code());
        m.put("statename", p.state().name());
        m.put("spawnerr", p.spawnerr());
        // supervisord forgets the last exit status at every spawn and at a too-quick exit.
        boolean exited = p.state() == ProcessState.EXITED || p.state() == ProcessState.STOPPED;
        m.put("exitstatus", exited ? p.exitstatus() : 0);
        m.put("logfile", p.stdoutLogfile()); // supervisord's b/c alias of stdout_logfile
        m.put("stdout_logfile", p.stdoutLogfile());
        m.put("stderr_logfile", p.stderrLogfile());
        m.put("pid", p.pid());
        m.put("description", description(p, nowSeconds, zone));
        return m;
    }

    /**
     * Returns supervisord's description: unlike {@link ProcessInfo#description()} it names the
     * process (not the namespec) in "unknown error" and never mentions a scheduled restart.
     */
    static String description(ProcessInfo p, long nowSeconds, ZoneId zone) {
        return switch (p.state()) {
            case RUNNING -> "pid " + p.pid() + ", uptime " + timedelta(Math.max(0, nowSeconds - p.start()));
            case BACKOFF, FATAL -> p.spawnerr().isEmpty() ? "unknown error (try \"tail " + p.name() + "\")" : p.spawnerr();
            case STOPPED, EXITED -> p.start() == 0 ? "Not started"
                    : STOP_TIME.format(Instant.ofEpochSecond(p.stop()).atZone(zone));
            case STARTING, STOPPING, UNKNOWN -> "";
        };
    }

    /** Returns a status-array item (make_allfunc): status 80 and "OK", or the fault's code and text. */
    static Map<String, Object> status(ProcessInfo p, XmlRpcFault fault) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("group", p.group());
        m.put("status", fault == null ? Fault.SUCCESS.code() : fault.code());
        m.put("description", fault == null ? "OK" : fault.text());
        return m;
    }

    /** Returns getAllConfigInfo's structs, sorted by process name as supervisord sorts them. */
    static List<Map<String, Object>> configInfo(Configuration config, Set<String> groupsInUse, List<ProcessInfo> snapshot) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (GroupConfig g : config.groups()) {
            for (ProgramConfig c : g.processes()) out.add(configInfo(g, c, groupsInUse.contains(g.name()), snapshot));
        }
        out.sort((a, b) -> ((String) a.get("name")).compareTo((String) b.get("name")));
        return out;
    }

    private static Map<String, Object> configInfo(GroupConfig g, ProgramConfig c, boolean inuse, List<ProcessInfo> snapshot) {
        ProcessInfo live = snapshot.stream().filter(p -> p.group().equals(g.name()) && p.name().equals(c.name()))
                .findFirst().orElse(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("autostart", c.autostart());
        m.put("directory", c.directory() == null ? "none" : c.directory());
        m.put("uid", uid(c.user()));
        m.put("command", c.command());
        m.put("exitcodes", List.copyOf(c.exitcodes()));
        m.put("group", g.name());
        m.put("group_prio", g.priority());
        m.put("inuse", inuse);
        m.put("killasgroup", c.killasgroup());
        m.put("name", c.name());
        m.put("process_prio", c.priority());
        m.put("redirect_stderr", c.redirectStderr());
        m.put("startretries", c.startretries());
        m.put("startsecs", c.startsecs());
        stream(m, "stdout", c.stdout(), live == null ? null : live.stdoutLogfile());
        m.put("stopsignal", Signals.number(c.stopsignal()));
        m.put("stopwaitsecs", c.stopwaitsecs());
        stream(m, "stderr", c.stderr(), live == null ? null : live.stderrLogfile());
        m.put("serverurl", c.serverurl() == null ? "none" : c.serverurl()); // supervisord turns AUTO into None
        return m;
    }

    // The resolved path of an AUTO log when the process exists, as supervisord's create_autochildlogs did.
    private static void stream(Map<String, Object> m, String name, StreamLogConfig s, String livePath) {
        m.put(name + "_capture_maxbytes", cappedInt(s.captureMaxbytes()));
        m.put(name + "_events_enabled", s.eventsEnabled());
        m.put(name + "_logfile", switch (s.logfile().kind()) {
            case FILE -> s.logfile().path();
            case NONE -> "none";
            case AUTO -> livePath == null || livePath.isEmpty() ? "auto" : livePath;
        });
        m.put(name + "_logfile_backups", s.backups());
        m.put(name + "_logfile_maxbytes", cappedInt(s.maxbytes()));
        m.put(name + "_syslog", s.syslog());
    }

    private static Object uid(String user) {
        if (user == null) return "none";
        Users.Account a = Users.lookup(user);
        return a == null ? "none" : a.uid();
    }

    /** supervisord's capped_int: XML-RPC ints are 32 bits. */
    static int cappedInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** Formats seconds as Python's str(timedelta): {@code 0:01:02}, {@code 1 day, 3:04:05}. */
    static String timedelta(long seconds) {
        long days = seconds / 86400;
        long rest = seconds % 86400;
        String hms = String.format(Locale.ROOT, "%d:%02d:%02d", rest / 3600, (rest % 3600) / 60, rest % 60);
        return days == 0 ? hms : days + (days == 1 ? " day, " : " days, ") + hms;
    }
}
