package org.supervisordj.api.xmlrpc;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.supervisordj.process.Fault;

/**
 * The positional parameters of one call, read with supervisord's types. A wrong count is
 * {@code INCORRECT_PARAMETERS} (supervisord's answer to Python's TypeError); a wrong type is
 * {@code INCORRECT_PARAMETERS} naming the parameter (supervisord would fail with an HTTP 500).
 */
final class Args {

    private final String method;
    private final List<Object> params;

    Args(String method, List<Object> params) {
        this.method = method;
        this.params = params;
    }

    /** Checks that there are between {@code min} and {@code max} parameters. */
    Args arity(int min, int max) {
        if (params.size() < min || params.size() > max) throw new XmlRpcFault(Fault.INCORRECT_PARAMETERS);
        return this;
    }

    int size() {
        return params.size();
    }

    Object raw(int i) {
        return params.get(i);
    }

    /** Returns parameter {@code i} as a string; base64 is decoded as UTF-8, as supervisord's as_string does. */
    String string(int i, String name) {
        Object v = params.get(i);
        if (v instanceof String s) return s;
        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        throw wrongType(name, "string", v);
    }

    /** Returns parameter {@code i} as an int (a Python int of any size is accepted up to long). */
    long integer(int i, String name) {
        Object v = params.get(i);
        if (v instanceof Integer n) return n;
        if (v instanceof Long n) return n;
        throw wrongType(name, "int", v);
    }

    /** Returns parameter {@code i} as a boolean, or {@code dflt} when it was not given. */
    boolean bool(int i, String name, boolean dflt) {
        if (i >= params.size()) return dflt;
        Object v = params.get(i);
        if (v instanceof Boolean b) return b;
        if (v instanceof Integer n) return n != 0; // Python's truthiness: wait=1 works there too
        throw wrongType(name, "boolean", v);
    }

    /** Returns parameter {@code i} as an array. */
    List<?> array(int i, String name) {
        Object v = params.get(i);
        if (v instanceof List<?> l) return l;
        throw wrongType(name, "array", v);
    }

    private XmlRpcFault wrongType(String name, String type, Object v) {
        return new XmlRpcFault(Fault.INCORRECT_PARAMETERS, method + ": " + name + " must be " + type + ", not "
                + XmlRpcTypes.nameOf(v));
    }
}
