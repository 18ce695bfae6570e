package org.supervisordj.api;

import java.util.Comparator;
import java.util.List;

import org.supervisordj.process.ProcessInfo;

/**
 * Checks namespecs from URLs and resolves them against the engine's snapshot. A namespec only ever
 * selects entries of the snapshot; it is never used to build a file path, so {@code ../..} cannot
 * reach the filesystem.
 */
final class Namespecs {

    private static final int MAX_LENGTH = 256;
    static final Comparator<ProcessInfo> ORDER =
            Comparator.comparing(ProcessInfo::group).thenComparing(ProcessInfo::name);

    private Namespecs() {
    }

    /** Returns {@code spec} if it can be a namespec at all; else BAD_NAME naming what is wrong. */
    static String check(String spec) {
        if (spec == null || spec.isEmpty()) throw new ApiException(ApiFault.BAD_NAME, "empty namespec");
        if (spec.length() > MAX_LENGTH) {
            throw new ApiException(ApiFault.BAD_NAME, "namespec longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                throw new ApiException(ApiFault.BAD_NAME, "no such process: '" + printable(spec)
                        + "' (a namespec has no '/', '\\' or control characters)");
            }
        }
        return spec;
    }

    /** Returns the processes {@code spec} names, sorted by group then name; BAD_NAME when none. */
    static List<ProcessInfo> select(List<ProcessInfo> snapshot, String spec) {
        check(spec);
        List<ProcessInfo> found;
        if (spec.equals("all")) {
            found = snapshot;
        } else {
            int colon = spec.indexOf(':');
            String group = colon < 0 ? spec : spec.substring(0, colon);
            String name = colon < 0 ? "*" : spec.substring(colon + 1);
            found = snapshot.stream()
                    .filter(p -> p.group().equals(group) && (name.equals("*") || p.name().equals(name))).toList();
        }
        if (found.isEmpty()) throw new ApiException(ApiFault.BAD_NAME, "no such process: '" + printable(spec) + "'");
        return found.stream().sorted(ORDER).toList();
    }

    /** Returns the one process {@code spec} names; BAD_NAME when none, BAD_ARGUMENTS when several. */
    static ProcessInfo one(List<ProcessInfo> snapshot, String spec) {
        List<ProcessInfo> found = select(snapshot, spec);
        if (found.size() != 1) {
            throw new ApiException(ApiFault.BAD_ARGUMENTS, "namespec '" + printable(spec) + "' names "
                    + found.size() + " processes; name one, e.g. '" + found.get(0).namespec() + "'");
        }
        return found.get(0);
    }

    /** Returns {@code s} safe to echo in a message or log line: control characters escaped, length capped. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 100; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) b.append(String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        if (b.length() >= 100) b.append("...");
        return b.toString();
    }
}
