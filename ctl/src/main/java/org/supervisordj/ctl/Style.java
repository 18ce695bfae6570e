package org.supervisordj.ctl;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/** Colours for state names and errors: only on a terminal, and never when NO_COLOR is set. */
final class Style {
    static final Style PLAIN = new Style(false);
    static final Style COLOUR = new Style(true);

    private static final String RESET = "\u001b[0m";

    private final boolean colour;

    private Style(boolean colour) {
        this.colour = colour;
    }

    /** Returns COLOUR when stdin and stdout are a terminal and NO_COLOR is unset, else PLAIN. */
    static Style detect(Map<String, String> env) {
        if (env.containsKey("NO_COLOR")) return PLAIN;
        Console console = System.console();
        if (console == null) return PLAIN;
        // JDK 22+ returns a Console for redirected streams too; isTerminal() (22+) tells them apart.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console)) ? COLOUR : PLAIN;
        } catch (NoSuchMethodException e) {
            return COLOUR; // JDK < 22: non-null means a terminal
        } catch (ReflectiveOperationException e) {
            return PLAIN;
        }
    }

    /** Returns the state name, coloured by what it means: green running, yellow in transit, red down. */
    String state(String name) {
        if (!colour) return name;
        String code;
        switch (name) {
            case "RUNNING": code = "\u001b[32m"; break;
            case "STARTING": case "STOPPING": case "BACKOFF": code = "\u001b[33m"; break;
            case "STOPPED": case "EXITED": case "FATAL": case "UNKNOWN": code = "\u001b[31m"; break;
            default: return name;
        }
        return code + name + RESET;
    }

    /** Returns "ERROR" in red on a terminal. */
    String error() {
        return colour ? "\u001b[31mERROR" + RESET : "ERROR";
    }
}
