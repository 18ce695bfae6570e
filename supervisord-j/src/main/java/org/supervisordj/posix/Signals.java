package org.supervisordj.posix;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jnr.constants.platform.Signal;

/** Converts Linux signal names ("TERM", "SIGTERM", "term") to numbers and back. */
public final class Signals {
    public static final int TERM = Signal.SIGTERM.intValue();
    public static final int KILL = Signal.SIGKILL.intValue();

    // glibc's SIGRTMIN (it reserves the kernel's first two real-time signals for itself).
    private static final int RTMIN = Signal.SIGRTMIN.intValue();
    private static final int RTMAX = Signal.SIGRTMAX.intValue();
    // Second names of a number: accepted, never printed (supervisord prints ABRT, CHLD, IO, SYS).
    private static final Set<String> ALIASES = Set.of("IOT", "CLD", "POLL", "UNUSED");
    private static final Map<String, Integer> NUMBERS = new HashMap<>();
    private static final String[] NAMES = new String[RTMAX + 1]; // index = number; tables built once, lookups allocate nothing

    static {
        for (Signal s : Signal.values()) {
            if (!s.defined() || !s.name().startsWith("SIG") || s.intValue() < 1 || s.intValue() > RTMAX) continue;
            String name = s.name().substring(3);
            if (name.equals("UNUSED")) continue; // gone from glibc 2.26's headers
            NUMBERS.put(name, s.intValue());
            if (!ALIASES.contains(name)) NAMES[s.intValue()] = name;
        }
    }

    private Signals() {
    }

    /** Returns the number of a signal given as name (any case, SIG prefix optional) or as a number. */
    public static int number(String nameOrNumber) {
        if (nameOrNumber == null) {
            throw new IllegalArgumentException("signal must not be null");
        }
        String s = nameOrNumber.trim().toUpperCase(Locale.ROOT);
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            try {
                int n = Integer.parseInt(s);
                if (n >= 1 && n <= RTMAX) {
                    return n;
                }
            } catch (NumberFormatException tooLong) {
                // fall through to the error below
            }
            throw new IllegalArgumentException("signal number out of range 1.." + RTMAX + ": '" + nameOrNumber + "'");
        }
        Integer n = NUMBERS.get(s.startsWith("SIG") ? s.substring(3) : s);
        if (n == null) {
            throw new IllegalArgumentException("unknown signal: '" + nameOrNumber + "'");
        }
        return n;
    }

    /** Returns the name of a signal without the SIG prefix, e.g. "TERM", or "SIG" + number when unknown. */
    public static String name(int signo) {
        return isKnown(signo) ? NAMES[signo] : "SIG" + signo;
    }

    /** Returns true if {@code signo} has a name in {@link #name(int)}. */
    public static boolean isKnown(int signo) {
        return signo >= 1 && signo <= RTMAX && NAMES[signo] != null;
    }
}
