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
            throw new IllegalArgumentException("not an integer: '" + Limits.quoted(text) + "'");
        }
        try {
            return Integer.parseInt(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("integer out of range: '" + Limits.quoted(text) + "'");
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
        throw new IllegalArgumentException("not a valid boolean value: '" + Limits.quoted(text)
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
            throw new IllegalArgumentException("not a byte size: '" + Limits.quoted(text)
                    + "' (a number of bytes, optionally with KB, MB or GB)");
        }
    }

    /** An octal number such as 022 or 0o22. */
    public static int octal(String text) {
        String t = text.strip();
        if (t.startsWith("0o") || t.startsWith("0O")) t = t.substring(2);
        if (!t.matches("[0-7]+")) {
            throw new IllegalArgumentException("'" + Limits.quoted(text) + "' can not be converted to an octal type");
        }
        t = t.replaceFirst("^0+(?=.)", "");
        if (t.length() > 5) throw new IllegalArgumentException("octal value out of range: '" + Limits.quoted(text) + "'");
        return Integer.parseInt(t, 8);
    }

    /** A umask: octal, at most 0777 (umask(2) keeps only the permission bits). */
    public static int umask(String text) {
        int mask = octal(text);
        if (mask > 0777) throw new IllegalArgumentException("umask must be within 000..777: '" + Limits.quoted(text) + "'");
        return mask;
    }

    /** A file mode: octal, at most 07777. */
    public static int fileMode(String text) {
        int mode = octal(text);
        if (mode > 07777) throw new IllegalArgumentException("mode must be within 0000..7777: '" + Limits.quoted(text) + "'");
        return mode;
    }

    /**
     * A user or group name, or a numeric id, as handed to getpwnam/getpwuid: at most 255 bytes
     * (LOGIN_NAME_MAX), no control character, ':' or '/' (passwd's field separator and a path),
     * ids within 0..4294967294 ((uid_t) -1 means "no change" to the kernel).
     */
    public static String userName(String text) {
        String t = text.strip();
        if (t.isEmpty()) throw new IllegalArgumentException("user name is empty");
        if (utf8Length(t) > Limits.NAME_BYTES) {
            throw new IllegalArgumentException("user name is longer than " + Limits.NAME_BYTES + " bytes ("
                    + t.length() + " characters)");
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ':' || c == '/') {
                throw new IllegalArgumentException("invalid user name '" + printable(t) + "': character "
                        + (c < 0x20 || c == 0x7f ? String.format("0x%02x", (int) c) : "'" + c + "'") + " is not allowed");
            }
        }
        if (t.chars().allMatch(c -> c >= '0' && c <= '9') && (t.length() > 10 || Long.parseLong(t) > 4294967294L)) {
            throw new IllegalArgumentException("uid out of range 0..4294967294: '" + Limits.quoted(t) + "'");
        }
        return t;
    }

    /**
     * A file system path as the kernel takes it: no NUL (a C string would end there) and at most
     * 4095 bytes (PATH_MAX).
     */
    public static String path(String text) {
        if (text.indexOf('\0') >= 0) throw new IllegalArgumentException("path contains a NUL character");
        if (utf8Length(text) > Limits.PATH_BYTES) {
            throw new IllegalArgumentException("path is longer than " + Limits.PATH_BYTES + " bytes: '"
                    + Limits.quoted(text) + "'");
        }
        return text;
    }

    /** UTF-8 length, stopping early once past any limit we check. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length() && n <= Limits.VALUE_CHARS * 4; i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : Limits.quoted(s).toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }

    /** Returns the canonical name (without SIG) of a signal given by name, SIG-name or number. */
    public static String signal(String text) {
        int number;
        try {
            number = Signals.number(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("value '" + Limits.quoted(text) + "' is not a valid signal "
                    + (text.strip().matches("\\d+") ? "number" : "name"));
        }
        if (number == 32 || number == 33) {
            throw new IllegalArgumentException("value '" + Limits.quoted(text) + "' is not a valid signal number (reserved by glibc)");
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
                throw new IllegalArgumentException("not a valid list of exit codes: '" + Limits.quoted(text) + "'");
            }
            if (code < 0 || code > 255) {
                throw new IllegalArgumentException("not a valid list of exit codes: '" + Limits.quoted(text)
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
        throw new IllegalArgumentException("invalid 'autorestart' value '" + Limits.quoted(text) + "' (use true, false or unexpected)");
    }

    /** supervisord's log levels; 'warn', not 'warning'. */
    public static LogLevel logLevel(String text) {
        LogLevel level = LogLevel.byName(text.toLowerCase(Locale.ROOT));
        if (level == null) {
            throw new IllegalArgumentException("bad logging level name '" + Limits.quoted(text)
                    + "' (use critical, error, warn, info, debug, trace or blather)");
        }
        return level;
    }

    /** A process or group name: no spaces, ':' or '/'. */
    public static String processOrGroupName(String text) {
        String t = text.strip();
        for (char bad : new char[] {' ', ':', '/'}) {
            if (t.indexOf(bad) >= 0) {
                throw new IllegalArgumentException("invalid name '" + Limits.quoted(t) + "' because of character: '" + bad + "'");
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
