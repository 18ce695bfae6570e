package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints the {@code results} of start, stop, restart and signal as supervisorctl prints them
 * ({@code web: started}, {@code web: ERROR (spawn error)}) and works out the exit status. What
 * supervisorctl never shows comes indented under an error: the reason and the program's stderr tail.
 */
final class ResultPrinter {
    /** Faults that mean "the program is dead": exit 7, as supervisorctl's DEAD_PROGRAM_FAULTS. */
    private static final Set<String> DEAD = Set.of("SPAWN_ERROR", "ABNORMAL_TERMINATION", "NOT_RUNNING");

    private final PrintWriter out;
    private final Style style;
    private final List<String> successes;
    private final String ignoredFault;
    private ExitStatus status = ExitStatus.SUCCESS;

    /**
     * @param successes    the words for an OK result, one line each ("started"; restart: "stopped", "started")
     * @param ignoredFault a fault that still exits 0 (ALREADY_STARTED for start, NOT_RUNNING for stop), or null
     */
    ResultPrinter(PrintWriter out, Style style, List<String> successes, String ignoredFault) {
        this.out = out;
        this.style = style;
        this.successes = successes;
        this.ignoredFault = ignoredFault;
    }

    /** A fresh printer like this one that writes to out (one server's lines of several). */
    ResultPrinter writingTo(PrintWriter out) {
        return new ResultPrinter(out, style, successes, ignoredFault);
    }

    /** The exit status so far: the last failing result decides, as in supervisorctl. */
    ExitStatus status() {
        return status;
    }

    /** Prints an answer of a start/stop/restart/signal POST for the namespec asked for. */
    void print(String namespec, ApiResponse answer, boolean groupNotFoundIsInvalidArgs) {
        List<Object> results = answer.json() instanceof Map ? answer.list("results") : List.of();
        if (!results.isEmpty()) {
            for (Object r : results) if (r instanceof Map) result(namespec, (Map<?, ?>) r);
            return;
        }
        if (answer.ok()) return; // nothing matched and nothing failed: an empty group
        String code = String.valueOf(answer.errorCode());
        if (code.equals("BAD_NAME") && isGroupSpec(namespec)) {
            out.println(group(namespec) + ": " + style.error() + " (no such group)");
            fail(groupNotFoundIsInvalidArgs ? ExitStatus.INVALID_ARGS : ExitStatus.GENERIC);
            return;
        }
        line(namespec, code, answer.errorMessage(), null);
    }

    private void result(String asked, Map<?, ?> r) {
        String name = r.get("namespec") != null ? String.valueOf(r.get("namespec"))
                : namespec(String.valueOf(r.get("group")), String.valueOf(r.get("name")));
        // supervisord's start/stop of a group or of all skips what is already in the asked state
        // (make_allfunc's isNotRunning/isRunning filter): only a process named alone says so.
        if (String.valueOf(r.get("status")).equals(ignoredFault) && !name.equals(asked)) return;
        Object tail = r.get("stderr_tail");
        line(name, String.valueOf(r.get("status")), r.get("description") == null ? "" : String.valueOf(r.get("description")),
                tail == null ? null : String.valueOf(tail));
    }

    private void line(String name, String code, String description, String stderrTail) {
        if (code.equals("OK") || code.equals("SUCCESS")) {
            for (String word : successes) out.println(name + ": " + word);
            return;
        }
        String words = words(code);
        out.println(name + ": " + style.error() + " (" + (words != null ? words : describe(code, description)) + ")");
        if (words != null && informative(description, name, code) && !description.strip().equals(words)) {
            for (String l : description.strip().split("\n")) out.println("  " + l);
        }
        if (stderrTail != null && !stderrTail.isBlank()) {
            for (String l : stderrTail.stripTrailing().split("\n", -1)) out.println("  | " + l);
        }
        if (code.equals(ignoredFault)) return;
        fail(DEAD.contains(code) ? ExitStatus.NOT_RUNNING : ExitStatus.GENERIC);
    }

    /** A fault's description is worth a line unless it only repeats the name, the fault or supervisorctl's words. */
    private static boolean informative(String description, String name, String code) {
        String d = description.strip();
        return !d.isEmpty() && !d.equals(code) && !d.equals("OK") && !d.equals(name) && !d.equals(code + ": " + name)
                && !name.endsWith(":" + d);
    }

    private void fail(ExitStatus s) {
        status = s;
    }

    /** supervisorctl's words for a fault, or null when it prints the fault string itself. */
    static String words(String code) {
        switch (code) {
            case "BAD_NAME": return "no such process";
            case "NO_FILE": return "no such file";
            case "NOT_EXECUTABLE": return "file is not executable";
            case "ALREADY_STARTED": return "already started";
            case "SPAWN_ERROR": return "spawn error";
            case "ABNORMAL_TERMINATION": return "abnormal termination";
            case "BAD_SIGNAL": return "bad signal name";
            case "NOT_RUNNING": return "not running";
            case "SHUTDOWN_STATE": return "shutting down";
            default: return null;
        }
    }

    private static String describe(String code, String description) {
        return description.isBlank() ? code : code + ": " + description;
    }

    /** supervisord's make_namespec: "name" when group and name agree, else "group:name". */
    static String namespec(String group, String name) {
        return group.equals(name) ? name : group + ":" + name;
    }

    private static boolean isGroupSpec(String namespec) {
        return namespec.endsWith(":*") || namespec.endsWith(":");
    }

    private static String group(String namespec) {
        return namespec.substring(0, namespec.indexOf(':'));
    }
}
