package org.supervisordj.config;

import java.util.Map;
import java.util.TreeSet;

/**
 * Python's {@code value % expansions}, which supervisord applies to option values: {@code %(name)s},
 * {@code %(name)d} with flags and width such as {@code %(process_num)02d}, and {@code %%}.
 *
 * <p>Values in the map are either {@link String} or {@link Integer}, as in supervisord: only
 * {@code process_num} and {@code numprocs} are numbers, so {@code %(ENV_X)d} is an error there too.
 */
public final class Expander {

    private Expander() {
    }

    /**
     * Expands {@code value}; the message of the exception says what is wrong in supervisord's words.
     *
     * @throws IllegalArgumentException for an unknown name (listing the available ones) or a bad format
     */
    public static String expand(String value, Map<String, ?> names) {
        if (value.indexOf('%') < 0) return value;
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= value.length()) throw badFormat("incomplete format");
            char next = value.charAt(i + 1);
            if (next == '%') {
                out.append('%');
                i += 2;
                continue;
            }
            if (next != '(') {
                throw badFormat("unsupported format character '" + next + "' at index " + (i + 1)
                        + " (write %% for a literal %)");
            }
            int close = findClose(value, i + 2);
            if (close < 0) throw badFormat("incomplete format key");
            String name = value.substring(i + 2, close);
            int j = close + 1;
            StringBuilder flags = new StringBuilder();
            while (j < value.length() && "-+ #0".indexOf(value.charAt(j)) >= 0) flags.append(value.charAt(j++));
            int widthStart = j;
            while (j < value.length() && Character.isDigit(value.charAt(j))) j++;
            String width = value.substring(widthStart, j);
            String precision = "";
            if (j < value.length() && value.charAt(j) == '.') {
                int p = ++j;
                while (j < value.length() && Character.isDigit(value.charAt(j))) j++;
                precision = value.substring(p, j);
            }
            if (j >= value.length()) throw badFormat("incomplete format");
            char conversion = value.charAt(j);
            if (!names.containsKey(name)) throw unknownName(name, names);
            if (width.length() > 6 || precision.length() > 6) throw badFormat("width or precision too large");
            out.append(format(names.get(name), flags.toString(), width, precision, conversion, j));
            if (out.length() > Limits.VALUE_CHARS) {
                throw new IllegalArgumentException("expands to more than " + Limits.VALUE_CHARS + " characters");
            }
            i = j + 1;
        }
        return out.toString();
    }

    /**
     * supervisord lists every available name, which with the ENV_ names of a real environment is
     * fifty or more; this names the few close ones and the non-ENV names instead.
     */
    private static IllegalArgumentException unknownName(String name, Map<String, ?> names) {
        StringBuilder sb = new StringBuilder("contains names ('").append(Limits.quoted(name))
                .append("') which cannot be expanded");
        java.util.List<String> close = DidYouMean.closest(name, names.keySet(), 3);
        if (!close.isEmpty()) sb.append("; did you mean ").append(String.join(" or ", close)).append('?');
        TreeSet<String> own = new TreeSet<>();
        for (String n : names.keySet()) if (!n.startsWith("ENV_")) own.add(n);
        sb.append(" Available names: ").append(String.join(", ", own));
        sb.append(own.isEmpty() ? "" : ", and ").append("ENV_X for each variable X of the daemon's environment");
        return new IllegalArgumentException(sb.toString());
    }

    private static int findClose(String value, int from) {
        // Python matches parentheses inside the key, so %(a(b))s names "a(b)".
        int depth = 1;
        for (int k = from; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return k;
        }
        return -1;
    }

    private static String format(Object v, String flags, String width, String precision, char conversion, int index) {
        String body;
        switch (conversion) {
            case 's', 'r', 'a' -> {
                body = String.valueOf(v);
                if (conversion != 's' && v instanceof String) body = "'" + body + "'";
                if (!precision.isEmpty()) body = body.substring(0, Math.min(body.length(), Integer.parseInt(precision)));
                return pad(body, flags, width, false);
            }
            case 'd', 'i', 'u' -> {
                if (!(v instanceof Integer n)) {
                    throw badFormat("%" + conversion + " format: a number is required, not str");
                }
                String digits = Integer.toString(Math.abs(n));
                if (!precision.isEmpty()) digits = "0".repeat(Math.max(0, Integer.parseInt(precision) - digits.length())) + digits;
                String sign = n < 0 ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
                return padNumber(sign, digits, flags, width);
            }
            case 'x', 'X', 'o' -> {
                if (!(v instanceof Integer n)) {
                    throw badFormat("%" + conversion + " format: an integer is required, not str");
                }
                String digits = conversion == 'o' ? Integer.toOctalString(Math.abs(n)) : Integer.toHexString(Math.abs(n));
                if (conversion == 'X') digits = digits.toUpperCase(java.util.Locale.ROOT);
                return padNumber(n < 0 ? "-" : "", digits, flags, width);
            }
            default -> throw badFormat("unsupported format character '" + conversion + "' at index " + index);
        }
    }

    private static String padNumber(String sign, String digits, String flags, String width) {
        int w = width.isEmpty() ? 0 : Integer.parseInt(width);
        if (flags.contains("0") && !flags.contains("-")) {
            int zeros = w - sign.length() - digits.length();
            return sign + "0".repeat(Math.max(0, zeros)) + digits;
        }
        return pad(sign + digits, flags, width, true);
    }

    private static String pad(String body, String flags, String width, boolean numeric) {
        int w = width.isEmpty() ? 0 : Integer.parseInt(width);
        if (body.length() >= w) return body;
        String spaces = " ".repeat(w - body.length());
        return flags.contains("-") ? body + spaces : spaces + body;
    }

    private static IllegalArgumentException badFormat(String why) {
        return new IllegalArgumentException("is badly formatted: " + why);
    }
}
