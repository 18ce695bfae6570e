package org.supervisordj.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.supervisordj.posix.Signals;

/**
 * Converters from option text to typed values, one per supervisord datatype (supervisor/datatypes.py).
 * Each throws {@link IllegalArgumentException} whose message names the bad value and why.
 */
public final class Datatypes {

    private static final List<String> TRUTHY = List.of("yes", "true", "on", "1");
    private static final List<String> FALSY = List.of("no", "false", "off", "0");

    private Datatypes() {
    }

    /** Python's {@code int(text)}: surrounding whitespace and a sign allowed, nothing else. */
    public static int integer(String text) {
        String t = text.strip().replace("_", "");
        if (!t.matches("[+-]?\\d+") || text.strip().startsWith("_") || text.contains("__")) {
            throw new IllegalArgumentException("not an integer: '" + text + "'");
        }
        try {
            return Integer.parseInt(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("integer out of range: '" + text + "'");
        }
    }

    /** Like {@link #integer} but also refuses negative numbers, naming the option's meaning. */
    public static int nonNegative(String text) {
        int v = integer(text);
        if (v < 0) throw new IllegalArgumentException("must be >= 0: " + v);
        return v;
    }

    /** yes/true/on/1 or no/false/off/0, any case. */
    public static boolean bool(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (TRUTHY.contains(t)) return true;
        if (FALSY.contains(t)) return false;
        throw new IllegalArgumentException("not a valid boolean value: '" + text
                + "' (use true/false, yes/no, on/off or 1/0)");
    }

    /** A byte count with an optional KB, MB or GB suffix (powers of 1024), any case. */
    public static long byteSize(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        if (t.endsWith("kb")) multiplier = 1024L;
        else if (t.endsWith("mb")) multiplier = 1024L * 1024;
        else if (t.endsWith("gb")) multiplier = 1024L * 1024 * 1024;
        String number = multiplier == 1 ? t : t.substring(0, t.length() - 2);
        try {
            return (long) integer(number) * multiplier;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a byte size: '" + text
                    + "' (a number of bytes, optionally with KB, MB or GB)");
        }
    }

    /** An octal number such as 022 or 0o22. */
    public static int octal(String text) {
        String t = text.strip();
        if (t.startsWith("0o") || t.startsWith("0O")) t = t.substring(2);
        if (!t.matches("[0-7]+")) throw new IllegalArgumentException("'" + text + "' can not be converted to an octal type");
        return Integer.parseInt(t, 8);
    }

    /** Returns the canonical name (without SIG) of a signal given by name, SIG-name or number. */
    public static String signal(String text) {
        int number;
        try {
            number = Signals.number(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("value '" + text + "' is not a valid signal "
                    + (text.strip().matches("\\d+") ? "number" : "name"));
        }
        if (number == 32 || number == 33) {
            throw new IllegalArgumentException("value '" + text + "' is not a valid signal number (reserved by glibc)");
        }
        return Signals.isKnown(number) ? Signals.name(number) : Integer.toString(number);
    }

    /** A comma-separated list of exit codes, each 0..255. */
    public static List<Integer> exitCodes(String text) {
        List<Integer> codes = new ArrayList<>();
        if (text.isEmpty()) return codes;
        for (String part : text.split(",", -1)) {
            int code;
            try {
                code = integer(part);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a valid list of exit codes: '" + text + "'");
            }
            if (code < 0 || code > 255) {
                throw new IllegalArgumentException("not a valid list of exit codes: '" + text
                        + "' (exit code " + code + " is outside 0..255)");
            }
            codes.add(code);
        }
        return List.copyOf(codes);
    }

    /** true/false (any boolean spelling) or unexpected. */
    public static Autorestart autorestart(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (TRUTHY.contains(t)) return Autorestart.TRUE;
        if (FALSY.contains(t)) return Autorestart.FALSE;
        if (t.equals("unexpected")) return Autorestart.UNEXPECTED;
        throw new IllegalArgumentException("invalid 'autorestart' value '" + text + "' (use true, false or unexpected)");
    }

    /** supervisord's log levels; 'warn', not 'warning'. */
    public static LogLevel logLevel(String text) {
        LogLevel level = LogLevel.byName(text.toLowerCase(Locale.ROOT));
        if (level == null) {
            throw new IllegalArgumentException("bad logging level name '" + text
                    + "' (use critical, error, warn, info, debug, trace or blather)");
        }
        return level;
    }

    /** A process or group name: no spaces, ':' or '/'. */
    public static String processOrGroupName(String text) {
        String t = text.strip();
        for (char bad : new char[] {' ', ':', '/'}) {
            if (t.indexOf(bad) >= 0) {
                throw new IllegalArgumentException("invalid name '" + t + "' because of character: '" + bad + "'");
            }
        }
        if (t.isEmpty()) throw new IllegalArgumentException("name is empty");
        return t;
    }

    /** A comma-separated list of names; blanks around commas are ignored. */
    public static List<String> listOfStrings(String text) {
        if (text == null || text.isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        for (String part : text.split(",", -1)) out.add(part.strip());
        return List.copyOf(out);
    }
}
