package org.supervisordj.api.xmlrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import org.supervisordj.process.Fault;

/**
 * The published methods by full name, with the docstrings supervisord 4.2.5 publishes for them
 * (method-help.txt), and the call rules of its {@code traverse}: exactly {@code namespace.method},
 * no leading underscore (CVE-2017-11610), and every {@code supervisor.*} call refused with
 * SHUTDOWN_STATE once the daemon is shutting down.
 */
final class MethodTable {

    /** One method's code: returns the value, or a future of it; throws or fails with XmlRpcFault. */
    interface Body {
        Object call(Args args, CallContext context) throws Exception;
    }

    private record Method(String help, Body body) {
    }

    private static final Map<String, String> HELP = loadHelp();

    private final Map<String, Method> methods = new TreeMap<>(); // sorted, as listMethods answers
    private final BooleanSupplier shuttingDown;

    MethodTable(BooleanSupplier shuttingDown) {
        this.shuttingDown = shuttingDown;
    }

    /** Publishes {@code name}; its help text must be one supervisord has. */
    MethodTable add(String name, Body body) {
        String help = HELP.get(name);
        if (help == null) throw new IllegalArgumentException("supervisord has no method " + name);
        methods.put(name, new Method(help, body));
        return this;
    }

    /** Publishes {@code alias} as another name of {@code target} (supervisord's b/c aliases). */
    MethodTable alias(String alias, String target) {
        return add(alias, methods.get(target).body());
    }

    /** Publishes {@code name} as a method supervisord-j does not support yet: it answers FAILED saying so. */
    MethodTable unsupported(String name) {
        return add(name, (args, context) -> {
            throw new XmlRpcFault(Fault.FAILED, name + " is not supported by supervisord-j yet (docs/compatibility.md)");
        });
    }

    /** Returns every published name, sorted. */
    List<String> names() {
        return new ArrayList<>(methods.keySet());
    }

    /** Returns the docstring of {@code name}, or null when there is no such method. */
    String help(String name) {
        Method m = methods.get(name);
        return m == null ? null : m.help();
    }

    /** Calls {@code name}; the future fails with an XmlRpcFault for every refusal or fault. */
    CompletableFuture<Object> invoke(String name, List<Object> params, CallContext context) {
        try {
            String[] parts = name.split("\\.", -1);
            Method m = methods.get(name);
            if (parts.length != 2 || parts[1].startsWith("_") || m == null) throw new XmlRpcFault(Fault.UNKNOWN_METHOD);
            if (parts[0].equals("supervisor") && shuttingDown.getAsBoolean()) {
                throw new XmlRpcFault(Fault.SHUTDOWN_STATE);
            }
            Object value = m.body().call(new Args(name, params), context);
            if (value instanceof CompletableFuture<?> f) return f.thenApply(v -> v);
            return CompletableFuture.completedFuture(value);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Returns the [return type, parameter types...] that supervisord reads from a docstring's @return/@param tags. */
    static List<String> signature(String help) {
        String rtype = null;
        List<String> ptypes = new ArrayList<>();
        for (String line : help.split("\n", -1)) {
            String[] parts = line.strip().split("\\s+", 3);
            if (!parts[0].startsWith("@")) continue;
            String type = parts.length > 1 ? parts[1] : "";
            if (parts[0].equals("@return")) rtype = type;
            else if (parts[0].equals("@param")) ptypes.add(type);
        }
        if (rtype == null) return null;
        List<String> out = new ArrayList<>();
        out.add(rtype);
        out.addAll(ptypes);
        return out;
    }

    private static Map<String, String> loadHelp() {
        try (InputStream in = MethodTable.class.getResourceAsStream("method-help.txt")) {
            if (in == null) throw new IllegalStateException("method-help.txt is missing from the jar");
            Map<String, String> help = new HashMap<>();
            String name = null;
            StringBuilder text = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                if (line.startsWith("=== ") || (name == null && line.startsWith("#"))) {
                    if (name != null) help.put(name, text.substring(0, text.length() - 1));
                    name = line.startsWith("=== ") ? line.substring(4) : null;
                    text.setLength(0);
                } else if (name != null) {
                    text.append(line).append('\n');
                }
            }
            // The file ends with print()'s newline: the last docstring's text lacks it, as the others do.
            if (name != null) help.put(name, text.substring(0, Math.max(0, text.length() - 2)));
            return help;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
