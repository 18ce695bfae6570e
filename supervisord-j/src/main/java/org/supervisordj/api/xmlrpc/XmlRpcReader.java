package org.supervisordj.api.xmlrpc;

import java.io.ByteArrayInputStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.supervisordj.process.Fault;

/**
 * Parses a {@code <methodCall>} with the JDK's StAX, safely on hostile input: DTDs and external
 * entities are refused (no XXE, no billion laughs), element nesting is bounded (a 100k-deep
 * document is refused at depth {@value #MAX_DEPTH} without recursing further), and the body size is
 * bounded by the caller. Anything malformed is an {@link XmlRpcFault}, never another exception.
 *
 * <p>Values map to Java as: int/i4/i8 → Integer (Long when out of int range), boolean → Boolean,
 * string and bare text → String, double → Double, dateTime.iso8601 → LocalDateTime, base64 →
 * byte[], struct → Map (insertion order), array → List, nil → null.
 */
public final class XmlRpcReader {

    /** Deepest element nesting accepted: a value may nest about 20 arrays or structs. */
    static final int MAX_DEPTH = 64;

    // A factory per thread: the JDK does not promise that one is safe to share.
    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(XmlRpcReader::factory);
    private static final Pattern DOUBLE = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INT = Pattern.compile("[+-]?\\d{1,19}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final DateTimeFormatter ISO8601 = DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss");

    private final XMLStreamReader xml;
    private int depth;

    private XmlRpcReader(XMLStreamReader xml) {
        this.xml = xml;
    }

    /** Parses {@code body} as a method call; any problem is an INCORRECT_PARAMETERS fault naming it. */
    public static MethodCall parseCall(byte[] body) {
        XMLStreamReader xml = null;
        try {
            xml = FACTORY.get().createXMLStreamReader(new ByteArrayInputStream(body));
            XmlRpcReader reader = new XmlRpcReader(xml);
            MethodCall call = reader.methodCall();
            reader.expectEnd();
            return call;
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof XmlRpcFault f) throw f;
            throw malformed(e instanceof XMLStreamException x && x.getLocation() != null
                    ? firstLine(x.getMessage()) : String.valueOf(e.getMessage()));
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // nothing is held open: the input is a byte array
                }
            }
        }
    }

    private MethodCall methodCall() throws XMLStreamException {
        expectStart("methodCall");
        String method = null;
        List<Object> params = new ArrayList<>();
        while (nextChild()) {
            switch (xml.getLocalName()) {
                case "methodName" -> method = text().strip();
                case "params" -> {
                    while (nextChild()) {
                        requireName("param");
                        if (!nextChild()) throw malformed("<param> without a <value>");
                        requireName("value");
                        params.add(value());
                        if (nextChild()) throw malformed("<param> with more than one <value>");
                    }
                }
                default -> throw malformed("unexpected <" + xml.getLocalName() + "> in <methodCall>");
            }
        }
        if (method == null || method.isEmpty()) throw malformed("no <methodName>");
        return new MethodCall(method, Collections.unmodifiableList(params));
    }

    // At the START_ELEMENT of <value>; returns at its END_ELEMENT.
    private Object value() throws XMLStreamException {
        StringBuilder bare = new StringBuilder();
        Object value = null;
        boolean typed = false;
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                bare.append(xml.getText());
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                if (typed) throw malformed("<value> with more than one type element");
                typed = true;
                value = typed(xml.getLocalName());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                return typed ? value : bare.toString(); // a bare <value>text</value> is a string
            }
        }
    }

    private Object typed(String type) throws XMLStreamException {
        return switch (type) {
            case "int", "i4", "i8" -> integer(text());
            case "boolean" -> bool(text());
            case "string" -> text();
            case "double" -> dbl(text());
            case "dateTime.iso8601" -> dateTime(text());
            case "base64" -> base64(text());
            case "nil" -> {
                text();
                yield null;
            }
            case "struct" -> struct();
            case "array" -> array();
            default -> throw malformed("unknown value type <" + type + ">");
        };
    }

    private Map<String, Object> struct() throws XMLStreamException {
        Map<String, Object> members = new LinkedHashMap<>();
        while (nextChild()) {
            requireName("member");
            String name = null;
            Object value = null;
            boolean hasValue = false;
            while (nextChild()) {
                switch (xml.getLocalName()) {
                    case "name" -> name = text();
                    case "value" -> {
                        value = value();
                        hasValue = true;
                    }
                    default -> throw malformed("unexpected <" + xml.getLocalName() + "> in <member>");
                }
            }
            if (name == null || !hasValue) throw malformed("<member> needs a <name> and a <value>");
            members.put(name, value);
        }
        return members;
    }

    private List<Object> array() throws XMLStreamException {
        List<Object> items = new ArrayList<>();
        if (!nextChild()) return items;
        requireName("data");
        while (nextChild()) {
            requireName("value");
            items.add(value());
        }
        if (nextChild()) throw malformed("<array> with more than one <data>");
        return items;
    }

    // ---- scalars -------------------------------------------------------------------------------

    private static Object integer(String text) {
        String s = text.strip();
        if (!INT.matcher(s).matches()) throw malformed("not an integer: '" + clip(s) + "'");
        try {
            long v = Long.parseLong(s);
            return v == (int) v ? (Object) (int) v : (Object) v;
        } catch (NumberFormatException e) {
            throw malformed("integer out of range: '" + clip(s) + "'");
        }
    }

    private static Boolean bool(String text) {
        return switch (text.strip()) {
            case "1" -> true;
            case "0" -> false;
            default -> throw malformed("not a boolean (0 or 1): '" + clip(text.strip()) + "'");
        };
    }

    private static Double dbl(String text) {
        String s = text.strip();
        if (!DOUBLE.matcher(s).matches()) throw malformed("not a double: '" + clip(s) + "'");
        return Double.valueOf(s);
    }

    private static LocalDateTime dateTime(String text) {
        try {
            return LocalDateTime.parse(text.strip(), ISO8601);
        } catch (DateTimeParseException e) {
            throw malformed("not a dateTime.iso8601 (YYYYMMDDTHH:MM:SS): '" + clip(text.strip()) + "'");
        }
    }

    private static byte[] base64(String text) {
        try {
            // Python's encodebytes breaks lines; the MIME decoder would also skip non-base64 junk, so strip first.
            return Base64.getDecoder().decode(WHITESPACE.matcher(text).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw malformed("not base64");
        }
    }

    // ---- cursor --------------------------------------------------------------------------------

    private int next() throws XMLStreamException {
        int event = xml.next();
        switch (event) {
            case XMLStreamConstants.START_ELEMENT -> {
                if (++depth > MAX_DEPTH) throw malformed("nested deeper than " + MAX_DEPTH + " elements");
            }
            case XMLStreamConstants.DTD -> throw malformed("DTDs are not allowed");
            case XMLStreamConstants.ENTITY_REFERENCE -> throw malformed("entity references are not allowed");
            default -> {
            }
        }
        return event;
    }

    private void expectStart(String name) throws XMLStreamException {
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                requireName(name);
                return;
            }
            if (event == XMLStreamConstants.END_DOCUMENT) throw malformed("empty document");
        }
    }

    // Only comments, processing instructions and whitespace may follow the root element.
    private void expectEnd() throws XMLStreamException {
        while (xml.hasNext()) {
            if (next() == XMLStreamConstants.START_ELEMENT) throw malformed("content after </methodCall>");
        }
    }

    /** Moves to the next child element (true) or to the end of the current one (false); text between is whitespace. */
    private boolean nextChild() throws XMLStreamException {
        while (true) {
            int event = next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    return true;
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    depth--;
                    return false;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                    if (!xml.isWhiteSpace()) throw malformed("unexpected text in <" + parentName() + ">");
                }
                case XMLStreamConstants.END_DOCUMENT -> throw malformed("unexpected end of document");
                default -> {
                    // comments, processing instructions, whitespace
                }
            }
        }
    }

    // The text of a scalar element; returns at its END_ELEMENT.
    private String text() throws XMLStreamException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int event = next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        b.append(xml.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    depth--;
                    return b.toString();
                }
                case XMLStreamConstants.START_ELEMENT ->
                        throw malformed("unexpected <" + xml.getLocalName() + "> inside a scalar");
                default -> {
                }
            }
        }
    }

    private String parentName() {
        return xml.hasName() ? xml.getLocalName() : "element";
    }

    private void requireName(String name) {
        if (!xml.getLocalName().equals(name)) {
            throw malformed("expected <" + name + ">, found <" + clip(xml.getLocalName()) + ">");
        }
    }

    private static XmlRpcFault malformed(String why) {
        return new XmlRpcFault(Fault.INCORRECT_PARAMETERS, "malformed XML-RPC call: " + why);
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static String firstLine(String s) {
        if (s == null) return "not well-formed XML";
        String line = s.lines().reduce((a, b) -> b).orElse(s).strip(); // the JDK puts "ParseError at [row,col]" first
        line = line.replaceFirst("^Message: ", "");
        return (line.length() <= 160 ? line : line.substring(0, 160) + "...") + locationOf(s);
    }

    private static String locationOf(String s) {
        java.util.regex.Matcher m = Pattern.compile("\\[row,col\\]:\\[(\\d+),(\\d+)\\]").matcher(s);
        return m.find() ? " (line " + m.group(1) + ", column " + m.group(2) + ")" : "";
    }

    private static XMLInputFactory factory() {
        // newDefaultFactory: the JDK's own parser, whatever else is on the class path.
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return f;
    }
}
