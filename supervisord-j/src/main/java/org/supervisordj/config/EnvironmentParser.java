package org.supervisordj.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * supervisord 4.2.5's {@code environment=} parser ({@code dict_of_key_value_pairs}): a non-POSIX
 * shlex tokenizer, then {@code KEY = VALUE} triples with the fourth token skipped as the separator.
 *
 * <p>supervisord skips that fourth token without checking it is a comma, so {@code A=a b} silently
 * means {@code A=a}. We keep the result, for compatibility, but report every dropped token as a
 * warning so the operator's intent is not lost without a word.
 */
public final class EnvironmentParser {

    private static final String WORDCHARS =
            "abcdfeghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_/.+-():";
    private static final String WHITESPACE = " \t\r\n";
    private static final String QUOTES = "'\"";

    private EnvironmentParser() {
    }

    /**
     * Parses {@code KEY=value,KEY2="value, with comma"} into an ordered map.
     *
     * @param warn receives one message per token supervisord would silently drop
     * @throws IllegalArgumentException when supervisord would reject the text
     */
    public static Map<String, String> parse(String text, Consumer<String> warn) {
        // Messages name variables, never values: environment= is where secrets are passed.
        List<String> tokens = new ArrayList<>();
        try {
            tokenize(text, tokens);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + lastKey(tokens, tokens.size()));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i += 4) {
            if (i + 3 > tokens.size() || !tokens.get(i + 1).equals("=")) {
                throw new IllegalArgumentException("Unexpected end of key/value pairs" + lastKey(tokens, i)
                        + " (quote values holding characters other than letters, digits and _/.+-():)");
            }
            String key = tokens.get(i);
            String value = stripQuotes(tokens.get(i + 2));
            if (key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("not a valid variable name: " + Limits.quoted(key.replace('\0', '?')));
            }
            if (value.indexOf('\0') >= 0) throw new IllegalArgumentException("the value of " + key + " contains a NUL character");
            env.put(key, value);
            if (i + 3 < tokens.size() && !tokens.get(i + 3).equals(",")) {
                warn.accept("environment: a word after the value of " + key + " is ignored, as supervisord ignores"
                        + " it (an unquoted space?); quote the value if it belongs to " + key);
            }
        }
        return env;
    }

    /** " after variable X" for the last complete variable before token {@code end}, or where it was. */
    private static String lastKey(List<String> tokens, int end) {
        for (int k = Math.min(end, tokens.size()) - 2; k >= 0; k--) {
            if (tokens.get(k + 1).equals("=") && (k == 0 || tokens.get(k - 1).equals(","))) {
                return k + 2 < end ? " after the value of variable " + Limits.quoted(tokens.get(k))
                        : " in the value of variable " + Limits.quoted(tokens.get(k));
            }
        }
        return " at the first variable";
    }

    /** Python's str.strip('\'"'): removes every leading and trailing quote character. */
    private static String stripQuotes(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && QUOTES.indexOf(token.charAt(start)) >= 0) start++;
        while (end > start && QUOTES.indexOf(token.charAt(end - 1)) >= 0) end--;
        return token.substring(start, end);
    }

    /** Python's shlex.shlex(text) in non-POSIX mode with wordchars extended by '/.+-():'. */
    static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        tokenize(text, tokens);
        return tokens;
    }

    private static void tokenize(String text, List<String> tokens) {
        StringBuilder token = new StringBuilder();
        char state = ' ';
        int i = 0;
        while (i <= text.length()) {
            boolean eof = i == text.length();
            char c = eof ? 0 : text.charAt(i);
            i++;
            if (state == ' ') {
                if (eof) break;
                if (WHITESPACE.indexOf(c) >= 0) {
                    if (token.length() > 0) tokens.add(take(token));
                } else if (c == '#') {
                    i = skipLine(text, i);
                } else if (WORDCHARS.indexOf(c) >= 0) {
                    token.append(c);
                    state = 'a';
                } else if (QUOTES.indexOf(c) >= 0) {
                    token.append(c);
                    state = c;
                } else {
                    tokens.add(String.valueOf(c));
                }
            } else if (state == 'a') {
                if (eof) {
                    tokens.add(take(token));
                    break;
                }
                if (WHITESPACE.indexOf(c) >= 0) {
                    state = ' ';
                    tokens.add(take(token));
                } else if (c == '#') {
                    // Non-POSIX shlex drops the rest of the line but stays inside the word.
                    i = skipLine(text, i);
                } else if (WORDCHARS.indexOf(c) >= 0 || QUOTES.indexOf(c) >= 0) {
                    token.append(c);
                } else {
                    i--; // push back: the character starts the next token
                    state = ' ';
                    tokens.add(take(token));
                }
            } else { // inside quotes
                if (eof) throw new IllegalArgumentException("No closing quotation");
                token.append(c);
                if (c == state) {
                    tokens.add(take(token));
                    state = ' ';
                }
            }
        }
    }

    private static int skipLine(String text, int from) {
        int nl = text.indexOf('\n', from);
        return nl < 0 ? text.length() : nl + 1;
    }

    private static String take(StringBuilder sb) {
        String s = sb.toString();
        sb.setLength(0);
        return s;
    }
}
