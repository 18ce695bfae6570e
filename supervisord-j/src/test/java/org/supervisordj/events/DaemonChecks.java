package org.supervisordj.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.supervisordj.api.xmlrpc.Supervisor;
import org.supervisordj.posix.Proc;

/** What this package's tests do to and read from a daemon besides supervisorctl: XML-RPC, waits, logs. */
final class DaemonChecks {

    private DaemonChecks() {
    }

    /** Calls an XML-RPC method with string arguments through rpc.py (which must be in the daemon's dir). */
    static void rpc(Supervisor s, String... methodAndArgs) throws Exception {
        String[] args = new String[methodAndArgs.length + 1];
        args[0] = s.socket.toString();
        System.arraycopy(methodAndArgs, 0, args, 1, methodAndArgs.length);
        Supervisor.Result r = s.python(s.dir.resolve("rpc.py"), args);
        assertEquals(0, r.exit(), String.join(" ", methodAndArgs) + ": " + r.output());
    }

    static boolean running(Supervisor s, String name) throws Exception {
        return s.ctl("status", name).output().contains("RUNNING");
    }

    /** Waits for {@code condition}; on timeout the failure carries the daemon's log. */
    static void await(Supervisor s, String what, Proc.Condition condition) throws Exception {
        try {
            Proc.await(Proc.DEADLINE, what, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + log(s), e);
        }
    }

    /** The daemon's log (its stderr and stdout if it wrote none), for failure messages. */
    static String log(Supervisor s) {
        try {
            String log = s.read("supervisord.log");
            return "daemon log:\n" + (log.isEmpty() ? s.read("daemon.err") + s.read("daemon.out") : log);
        } catch (IOException e) {
            return "(no daemon log: " + e + ")";
        }
    }

    /** The AUTO child log of {@code program}'s {@code channel} in the daemon's childlogdir. */
    static String childLog(Path dir, String program, String channel) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(program + "-" + channel + "---"))
                    .map(DaemonChecks::read).reduce("", String::concat);
        }
    }

    /** The file's text, or "" while it does not exist. */
    static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
