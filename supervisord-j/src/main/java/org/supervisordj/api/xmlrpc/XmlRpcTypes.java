package org.supervisordj.api.xmlrpc;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/** XML-RPC's names for the Java values {@link XmlRpcReader} produces, for messages. */
final class XmlRpcTypes {

    private XmlRpcTypes() {
    }

    static String nameOf(Object v) {
        if (v == null) return "nil";
        if (v instanceof String) return "string";
        if (v instanceof Integer || v instanceof Long) return "int";
        if (v instanceof Boolean) return "boolean";
        if (v instanceof Double) return "double";
        if (v instanceof byte[]) return "base64";
        if (v instanceof LocalDateTime) return "dateTime.iso8601";
        if (v instanceof Map) return "struct";
        if (v instanceof List) return "array";
        return v.getClass().getSimpleName();
    }
}
