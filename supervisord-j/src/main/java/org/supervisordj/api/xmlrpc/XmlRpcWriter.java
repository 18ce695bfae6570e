package org.supervisordj.api.xmlrpc;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes method responses and faults in the layout of Python's {@code xmlrpc.client.dumps}, which
 * supervisord answers with. Values map back as {@link XmlRpcReader} reads them; a Long beyond the
 * int range is an {@code <i8>}. Characters XML 1.0 cannot carry (most control characters, lone
 * surrogates) become U+FFFD, so a log with binary bytes still parses on the client.
 */
public final class XmlRpcWriter {

    private static final DateTimeFormatter ISO8601 = DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss");
    private static final String HEAD = "<?xml version='1.0'?>\n<methodResponse>\n";
    private static final String TAIL = "</methodResponse>\n";

    private final StringBuilder out = new StringBuilder(256);

    private XmlRpcWriter() {
    }

    /** Returns the UTF-8 {@code <methodResponse>} carrying {@code value}. */
    public static byte[] response(Object value) {
        XmlRpcWriter w = new XmlRpcWriter();
        w.out.append(HEAD).append("<params>\n<param>\n");
        w.value(value);
        w.out.append("</param>\n</params>\n").append(TAIL);
        return w.bytes();
    }

    /** Returns the UTF-8 {@code <methodResponse>} carrying the fault {@code f}. */
    public static byte[] fault(XmlRpcFault f) {
        XmlRpcWriter w = new XmlRpcWriter();
        w.out.append(HEAD).append("<fault>\n");
        w.value(Map.of("faultCode", f.code(), "faultString", f.text()), "faultCode", "faultString");
        w.out.append("</fault>\n").append(TAIL);
        return w.bytes();
    }

    private byte[] bytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void value(Object v) {
        out.append("<value>");
        if (v == null) {
            out.append("<nil/>");
        } else if (v instanceof Boolean b) {
            out.append("<boolean>").append(b ? '1' : '0').append("</boolean>");
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.append("<int>").append(v).append("</int>");
        } else if (v instanceof Long l) {
            String tag = l == l.intValue() ? "int" : "i8";
            out.append('<').append(tag).append('>').append(l).append("</").append(tag).append('>');
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) throw new IllegalArgumentException("XML-RPC has no " + d);
            out.append("<double>").append(d).append("</double>");
        } else if (v instanceof String s) {
            out.append("<string>");
            escape(s);
            out.append("</string>");
        } else if (v instanceof byte[] b) {
            out.append("<base64>\n").append(Base64.getMimeEncoder().encodeToString(b)).append("\n</base64>");
        } else if (v instanceof LocalDateTime t) {
            out.append("<dateTime.iso8601>").append(ISO8601.format(t)).append("</dateTime.iso8601>");
        } else if (v instanceof Map<?, ?> m) {
            out.append("<struct>\n");
            for (Map.Entry<?, ?> e : m.entrySet()) member(String.valueOf(e.getKey()), e.getValue());
            out.append("</struct>");
        } else if (v instanceof List<?> list) {
            out.append("<array><data>\n");
            for (Object item : list) value(item);
            out.append("</data></array>");
        } else {
            throw new IllegalArgumentException("no XML-RPC type for " + v.getClass().getSimpleName());
        }
        out.append("</value>\n");
    }

    // A struct whose members come in a fixed order (Map.of has none).
    private void value(Map<String, ?> m, String... order) {
        out.append("<value><struct>\n");
        for (String key : order) member(key, m.get(key));
        out.append("</struct></value>\n");
    }

    private void member(String name, Object value) {
        out.append("<member>\n<name>");
        escape(name);
        out.append("</name>\n");
        value(value);
        out.append("</member>\n");
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xFFFD && !Character.isSurrogate(c))) {
                        out.append(c);
                    } else {
                        out.append('\uFFFD');
                    }
                }
            }
        }
    }
}
