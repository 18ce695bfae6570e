package org.supervisordj.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code shlex.split(command)} (POSIX mode), which supervisord uses to turn
 * {@code command=} into argv: quotes group and backslash escapes; '#' is an ordinary character (shlex.split's comments=False).
 */
public final class Shlex {

    private Shlex() {
    }

    /**
     * Splits a command line into words.
     *
     * @throws IllegalArgumentException on an unclosed quote or a trailing backslash
     */
    public static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = command.length();
        while (i < n) {
            char c = command.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\\') {
                if (i + 1 >= n) throw new IllegalArgumentException("No escaped character");
                word.append(command.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (c == '\'') {
                int close = command.indexOf('\'', i + 1);
                if (close < 0) throw new IllegalArgumentException("No closing quotation");
                word.append(command, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = command.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    // Inside double quotes a backslash escapes only '"' and '\'.
                    if (d == '\\' && i + 1 < n && (command.charAt(i + 1) == '"' || command.charAt(i + 1) == '\\')) {
                        word.append(command.charAt(i + 1));
                        i += 2;
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (!closed) throw new IllegalArgumentException("No closing quotation");
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) words.add(word.toString());
        return words;
    }
}
