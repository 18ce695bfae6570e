package org.supervisordj.posix;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Converts Linux signal names ("TERM", "SIGTERM", "term") to numbers and back. */
public final class Signals {
    // Linux x86_64 numbering (signal(7)); index = signal number. A fixed table rather than
    // jnr-constants because the numbers are ABI and this keeps lookups allocation-free.
    private static final String[] NAMES = {
        null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
        "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
        "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    };
    private static final int RTMIN = 34; // glibc reserves 32 and 33 for itself
    private static final int RTMAX = 64;
    private static final Map<String, Integer> NUMBERS = new HashMap<>();

    static {
        for (int i = 1; i < NAMES.length; i++) {
            NUMBERS.put(NAMES[i], i);
        }
        NUMBERS.put("IOT", 6);
        NUMBERS.put("POLL", 29);
        NUMBERS.put("CLD", 17);
        NUMBERS.put("RTMIN", RTMIN);
        NUMBERS.put("RTMAX", RTMAX);
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
        if (signo >= 1 && signo < NAMES.length) {
            return NAMES[signo];
        }
        if (signo == RTMIN) {
            return "RTMIN";
        }
        if (signo == RTMAX) {
            return "RTMAX";
        }
        return "SIG" + signo;
    }

    /** Returns true if {@code signo} has a name in {@link #name(int)}. */
    public static boolean isKnown(int signo) {
        return (signo >= 1 && signo < NAMES.length) || signo == RTMIN || signo == RTMAX;
    }
}
