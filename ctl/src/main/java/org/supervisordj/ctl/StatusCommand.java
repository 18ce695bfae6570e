package org.supervisordj.ctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code ctl status [namespec...]}: supervisorctl's table, name / state / description. Exits 3
 * when a shown process is STOPPED, EXITED, FATAL or UNKNOWN (supervisorctl's STOPPED_STATES;
 * STARTING, BACKOFF and STOPPING do not count; nor, unlike supervisorctl, a one-shot that finished
 * as expected), else 4 when a name matched nothing.
 */
final class StatusCommand extends ServerVerb implements Callable<Integer> {
    static final Set<String> STOPPED_STATES = Set.of("STOPPED", "EXITED", "FATAL", "UNKNOWN");

    private final PositionalParamSpec namespecs = PositionalParamSpec.builder().arity("0..*").paramLabel("NAMESPEC")
            .type(List.class).auxiliaryTypes(String.class).description("name, group:name, group:* or all").build();
    private final OptionSpec json = OptionSpec.builder("--json").type(boolean.class)
            .description("Print the API's JSON ({\"processes\": [...]}) instead of the table.").build();

    /**
     * The model of {@code ctl status}, built without annotations as {@link ServerOptions}' is: the
     * command monitoring scripts run in loops, it loads no annotation proxy at all.
     */
    CommandSpec spec() {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("status").addPositional(namespecs).addOption(json);
        spec.usageMessage().description("Show the state of processes (all when no name is given).");
        return spec;
    }

    @Override
    public Integer call() {
        List<String> namespecs = this.namespecs.getValue() == null ? List.of() : this.namespecs.getValue();
        boolean json = Boolean.TRUE.equals(this.json.getValue());
        if (server.severalServers()) return FleetStatus.run(server, namespecs, json);
        Report report = report(server.client().get("/processes").orFail().list("processes"), namespecs);
        PrintWriter out = server.out();
        for (String msg : report.missing()) (json ? server.err() : out).println(msg);
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("processes", report.shown());
            out.println(Json.write(body));
        } else {
            print(out, report.shown(), server.style(), null);
        }
        return report.status().code;
    }

    /**
     * What status shows of one server's processes.
     *
     * @param shown   the processes the namespecs select, in order
     * @param missing one "ERROR (no such process)" line per namespec that matched nothing
     * @param status  the exit status these give
     */
    record Report(List<Map<?, ?>> shown, List<String> missing, ExitStatus status) {
    }

    /** Selects the namespecs' processes out of the API's list and works out the exit status. */
    static Report report(List<Object> all, List<String> namespecs) {
        ExitStatus status = ExitStatus.SUCCESS;
        List<Map<?, ?>> shown = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (namespecs.isEmpty() || namespecs.contains("all")) {
            for (Object o : all) if (o instanceof Map) shown.add((Map<?, ?>) o);
        } else {
            for (String namespec : namespecs) {
                List<Map<?, ?>> matched = select(all, namespec);
                if (matched.isEmpty()) {
                    missing.add(namespec.endsWith(":*") || namespec.endsWith(":")
                            ? namespec.substring(0, namespec.indexOf(':')) + ": ERROR (no such group)"
                            : namespec + ": ERROR (no such process)");
                    status = ExitStatus.STATUS_UNKNOWN;
                }
                shown.addAll(matched);
            }
        }
        for (Map<?, ?> info : shown) {
            if (STOPPED_STATES.contains(String.valueOf(info.get("state"))) && !finishedOneShot(info)) {
                status = ExitStatus.STATUS_NOT_RUNNING;
            }
        }
        return new Report(shown, missing, status);
    }

    /**
     * A one-shot (autorestart=false) that exited with an expected code has done its job: it does not
     * make {@code ctl status} exit 3 (supervisorctl would), so that {@code ctl status || alert} fires
     * only for something that should be running and is not.
     */
    static boolean finishedOneShot(Map<?, ?> info) {
        return info.get("health") instanceof Map<?, ?> h && Boolean.TRUE.equals(h.get("finished"));
    }

    /**
     * supervisorctl's matching: "g:*" is every process of group g, "g:n" the one process, "n" the
     * process n of group n; and, as the API allows, a bare group name matches its whole group.
     */
    static List<Map<?, ?>> select(List<Object> all, String namespec) {
        int colon = namespec.indexOf(':');
        String group = colon < 0 ? namespec : namespec.substring(0, colon);
        String name = colon < 0 ? namespec : namespec.substring(colon + 1);
        boolean wholeGroup = name.isEmpty() || name.equals("*");
        List<Map<?, ?>> matched = new ArrayList<>();
        List<Map<?, ?>> groupOnly = new ArrayList<>();
        for (Object o : all) {
            if (!(o instanceof Map)) continue;
            Map<?, ?> info = (Map<?, ?>) o;
            if (!group.equals(String.valueOf(info.get("group")))) continue;
            groupOnly.add(info);
            if (wholeGroup || name.equals(String.valueOf(info.get("name")))) matched.add(info);
        }
        return matched.isEmpty() && colon < 0 ? groupOnly : matched;
    }

    /**
     * Prints supervisorctl's table: namespec padded to max(30, longest) + 3, state padded to 10;
     * each line after its HOST column when hosts is not null (one entry per info).
     */
    static void print(PrintWriter out, List<Map<?, ?>> infos, Style style, List<String> hosts) {
        int width = 30;
        List<String> names = new ArrayList<>();
        for (Map<?, ?> info : infos) {
            String n = ResultPrinter.namespec(String.valueOf(info.get("group")), String.valueOf(info.get("name")));
            names.add(n);
            width = Math.max(width, n.length());
        }
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < infos.size(); i++) {
            Map<?, ?> info = infos.get(i);
            String state = String.valueOf(info.get("state"));
            Object desc = info.get("description");
            line.setLength(0);
            if (hosts != null) line.append(hosts.get(i));
            line.append(names.get(i));
            pad(line, width + 3 - names.get(i).length());
            line.append(style.state(state));
            pad(line, 10 - state.length());
            line.append(desc == null ? "" : desc);
            out.println(line);
        }
    }

    private static void pad(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) sb.append(' ');
    }
}
