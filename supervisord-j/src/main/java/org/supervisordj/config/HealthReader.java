package org.supervisordj.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the readiness, health check and depends_on keys of one [program:x] section into a {@link HealthConfig}. */
final class HealthReader {

    private HealthReader() {
    }

    /** Returns the section's health settings, or null when one of them is wrong (the problem is recorded). */
    static HealthConfig read(SectionReader r, Map<String, ?> names) {
        String readyText = r.expanded("ready", names);
        boolean wantsReady = readyText != null && !readyText.strip().equalsIgnoreCase("startsecs");
        ProbeSpec ready = wantsReady ? r.convert("ready", readyText, t -> ProbeSpec.parse(t, true)) : null;
        String checkText = r.expanded("healthcheck", names);
        boolean wantsCheck = checkText != null && !checkText.isBlank() && !checkText.strip().equalsIgnoreCase("none");
        ProbeSpec check = wantsCheck ? r.convert("healthcheck", checkText, t -> ProbeSpec.parse(t, false)) : null;
        Integer readyTimeout = r.typed("ready_timeout", names, HealthReader::positive);
        Integer watchdog = r.typed("watchdog_secs", names, Datatypes::nonNegative);
        Integer interval = r.typed("healthcheck_interval", names, HealthReader::positive);
        Integer timeout = r.typed("healthcheck_timeout", names, HealthReader::positive);
        Integer fall = r.typed("healthcheck_fall", names, HealthReader::positive);
        Integer rise = r.typed("healthcheck_rise", names, HealthReader::positive);
        HealthConfig.Action action = r.typed("healthcheck_action", names, HealthReader::action);
        String deps = r.expanded("depends_on", names);
        List<String> dependsOn = deps == null ? List.of() : r.convert("depends_on", deps,
                t -> Datatypes.listOfStrings(t).stream().filter(n -> !n.isEmpty()).toList());
        if ((wantsReady && ready == null) || (wantsCheck && check == null) || readyTimeout == null || watchdog == null
                || interval == null || timeout == null || fall == null || rise == null || action == null
                || dependsOn == null) {
            return null;
        }
        if (r.isSet("ready") && ready != null && r.isSet("startsecs")) {
            r.warning("startsecs", "startsecs is not used: ready=" + ready + " decides when the process is RUNNING");
        }
        return new HealthConfig(ready, readyTimeout, watchdog, check, interval, timeout, fall, rise, action, dependsOn);
    }

    private static int positive(String text) {
        int v = Datatypes.integer(text);
        if (v < 1) throw new IllegalArgumentException("must be >= 1: " + v);
        return v;
    }

    private static HealthConfig.Action action(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "restart" -> HealthConfig.Action.RESTART;
            case "report" -> HealthConfig.Action.REPORT;
            default -> throw new IllegalArgumentException("expected restart or report, got '" + Limits.quoted(text) + "'");
        };
    }
}
