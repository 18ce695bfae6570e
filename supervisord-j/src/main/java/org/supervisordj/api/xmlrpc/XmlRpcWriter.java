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

    private static final String RESPONSE_HEAD = HEAD + "<params>\n<param>\n";
    private static final String RESPONSE_TAIL = "</param>\n</params>\n" + TAIL;

    private final StringBuilder out = new StringBuilder(256);

    private XmlRpcWriter() {
    }

    /**
     * A value written once and answered many times (getAllProcessInfo's cached answer): the whole
     * response when it is the call's value, its {@code <value>} element inside a multicall.
     */
    static final class Rendered {
        private final byte[] response;

        private Rendered(byte[] response) {
            this.response = response;
        }

        /** Renders {@code value} now. */
        static Rendered of(Object value) {
            return new Rendered(response(value));
        }

        // The head and tail are ASCII: their lengths in chars are their lengths in bytes.
        String valueXml() {
            int from = RESPONSE_HEAD.length();
            return new String(response, from, response.length - from - RESPONSE_TAIL.length(), StandardCharsets.UTF_8);
        }
    }

    /** Returns the UTF-8 {@code <methodResponse>} carrying {@code value} (shared, not copied, when it is {@link Rendered}). */
    public static byte[] response(Object value) {
        if (value instanceof Rendered r) return r.response;
        XmlRpcWriter w = new XmlRpcWriter();
        w.out.append(RESPONSE_HEAD);
        w.value(value);
        w.out.append(RESPONSE_TAIL);
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
        if (v instanceof Rendered r) {
            out.append(r.valueXml());
            return;
        }
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
