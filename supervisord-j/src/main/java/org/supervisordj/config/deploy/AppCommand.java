package org.supervisordj.config.deploy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.supervisordj.config.Shlex;

/**
 * What a {@code command=} runs once the usual launchers are seen through: {@code env A=1 X},
 * {@code sh -c "exec X"}, {@code python3 -m X}, {@code nice}, APM wrappers. {@code server} is the
 * lower-cased base name of X ({@code gunicorn}, {@code uwsgi}, {@code nginx}, …); {@code args}
 * are X's arguments.
 */
record AppCommand(String server, List<String> args) {

    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh");
    private static final Set<String> PASS_THROUGH = Set.of("exec", "nice", "ionice", "chrt", "nohup", "stdbuf",
            "newrelic-admin", "ddtrace-run", "opentelemetry-instrument", "tini", "dumb-init");

    /** Returns the program {@code argv} runs, looking through at most a few launchers. */
    static AppCommand of(List<String> argv) {
        List<String> a = argv;
        for (int depth = 0; depth < 8 && !a.isEmpty(); depth++) {
            String name = baseName(a.get(0));
            if (name.equals("env")) {
                a = skipOptions(a.subList(1, a.size()), true);
            } else if (PASS_THROUGH.contains(name)) {
                a = skipOptions(a.subList(1, a.size()), false);
                if (!a.isEmpty() && a.get(0).equals("run-program")) a = a.subList(1, a.size()); // newrelic-admin
            } else if (SHELLS.contains(name) && a.size() >= 3 && a.get(1).equals("-c")) {
                try {
                    a = Shlex.split(a.get(2));
                } catch (IllegalArgumentException e) {
                    break;
                }
                a = lastCommand(a); // "cd app && exec gunicorn …"
            } else if (name.startsWith("python") && a.indexOf("-m") > 0 && a.indexOf("-m") < a.size() - 1) {
                a = a.subList(a.indexOf("-m") + 1, a.size());
            } else {
                break;
            }
        }
        if (a.isEmpty()) return new AppCommand("", List.of());
        return new AppCommand(baseName(a.get(0)).toLowerCase(Locale.ROOT), List.copyOf(a.subList(1, a.size())));
    }

    /** Returns true if any argument is one of {@code names} (long options also as {@code --name=value}). */
    boolean has(String... names) {
        for (String arg : args) {
            for (String n : names) {
                if (arg.equals(n) || (n.startsWith("--") && arg.startsWith(n + "="))) return true;
            }
        }
        return false;
    }

    /** Returns the value of the first of {@code names} found ({@code -w 4}, {@code -w4}, {@code --workers=4}), or null. */
    String value(String... names) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            for (String n : names) {
                if (arg.equals(n)) return i + 1 < args.size() ? args.get(i + 1) : "";
                if (n.startsWith("--") && arg.startsWith(n + "=")) return arg.substring(n.length() + 1);
                if (!n.startsWith("--") && n.length() == 2 && arg.startsWith(n) && arg.length() > 2) return arg.substring(2);
            }
        }
        return null;
    }

    /** Returns true if the arguments name {@code word} as a subcommand (celery's {@code worker}). */
    boolean hasWord(String word) {
        return args.contains(word);
    }

    /** The words after the last {@code ;}, {@code &&} or {@code ||} of a shell command line. */
    private static List<String> lastCommand(List<String> words) {
        for (int i = words.size() - 1; i >= 0; i--) {
            String w = words.get(i);
            if (w.equals("&&") || w.equals("||") || w.equals(";")) return words.subList(i + 1, words.size());
            if (w.endsWith(";") && i < words.size() - 1) return words.subList(i + 1, words.size());
        }
        return words;
    }

    private static List<String> skipOptions(List<String> a, boolean assignments) {
        int i = 0;
        while (i < a.size() && (a.get(i).startsWith("-") || (assignments && a.get(i).contains("=")))) {
            if (a.get(i).equals("--")) return a.subList(i + 1, a.size());
            if (a.get(i).equals("-n") || a.get(i).equals("-u") || a.get(i).equals("-c")) i++; // options with a value
            i++;
        }
        return a.subList(Math.min(i, a.size()), a.size());
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
