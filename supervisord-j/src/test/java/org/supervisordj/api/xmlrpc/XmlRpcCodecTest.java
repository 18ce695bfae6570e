package org.supervisordj.api.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.supervisordj.process.Fault;

class XmlRpcCodecTest {

    private static MethodCall parse(String xml) {
        return XmlRpcReader.parseCall(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String call(String params) {
        return "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.x</methodName>\n<params>\n"
                + params + "</params>\n</methodCall>\n";
    }

    private static String param(String value) {
        return "<param>\n<value>" + value + "</value>\n</param>\n";
    }

    private static XmlRpcFault malformed(String xml) {
        XmlRpcFault f = assertThrows(XmlRpcFault.class, () -> parse(xml));
        assertEquals(Fault.INCORRECT_PARAMETERS.code(), f.code());
        assertTrue(f.text().startsWith("INCORRECT_PARAMETERS: malformed XML-RPC call: "), f.text());
        return f;
    }

    @Test
    void readsEveryTypeAsPythonsClientWritesIt() {
        MethodCall c = parse(call(param("<int>42</int>") + param("<i4>-7</i4>") + param("<i8>4294967296</i8>")
                + param("<boolean>1</boolean>") + param("<boolean>0</boolean>") + param("<string>a &amp; &lt;b&gt;</string>")
                + param("bare text") + param("") + param("<double>-1.5e3</double>")
                + param("<dateTime.iso8601>20261203T06:30:00</dateTime.iso8601>")
                + param("<base64>\naGVsbG8g\nd29ybGQ=\n</base64>") + param("<nil/>")
                + param("<struct>\n<member>\n<name>methodName</name>\n<value><string>m</string></value>\n</member>\n"
                        + "<member><name>params</name><value><array><data>\n<value><int>1</int></value>\n"
                        + "<value>two</value></data></array></value></member></struct>")
                + param("<array><data></data></array>") + param("<array/>") + param("<string/>")));
        assertEquals("supervisor.x", c.methodName());
        List<Object> p = c.params();
        assertEquals(42, p.get(0));
        assertEquals(-7, p.get(1));
        assertEquals(4294967296L, p.get(2));
        assertEquals(true, p.get(3));
        assertEquals(false, p.get(4));
        assertEquals("a & <b>", p.get(5));
        assertEquals("bare text", p.get(6));
        assertEquals("", p.get(7));
        assertEquals(-1500.0, p.get(8));
        assertEquals(LocalDateTime.of(2026, 12, 3, 6, 30, 0), p.get(9));
        assertArrayEquals("hello world".getBytes(StandardCharsets.US_ASCII), (byte[]) p.get(10));
        assertNull(p.get(11));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("methodName", "m");
        expected.put("params", List.of(1, "two"));
        assertEquals(expected, p.get(12));
        assertEquals(List.of(), p.get(13));
        assertEquals(List.of(), p.get(14));
        assertEquals("", p.get(15));
    }

    @Test
    void paramsMayBeAbsent() {
        MethodCall c = parse("<methodCall><methodName> system.listMethods </methodName></methodCall>");
        assertEquals("system.listMethods", c.methodName());
        assertEquals(List.of(), c.params());
    }

    @Test
    void externalEntitiesAreRefused(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "TOP-SECRET");
        XmlRpcFault f = malformed("<?xml version='1.0'?><!DOCTYPE m [<!ENTITY x SYSTEM \"" + secret.toUri()
                + "\">]><methodCall><methodName>a.b</methodName><params><param><value>&x;</value></param></params></methodCall>");
        assertTrue(!f.text().contains("TOP-SECRET"), f.text());
        malformed("<?xml version='1.0'?><!DOCTYPE m SYSTEM \"" + secret.toUri() + "\"><methodCall><methodName>a.b</methodName></methodCall>");
    }

    @Test
    void billionLaughsIsRefused() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) dtd.append("&lol").append(i - 1).append(';');
            dtd.append("\">");
        }
        dtd.append("]>");
        malformed("<?xml version='1.0'?>" + dtd + "<methodCall><methodName>a.b</methodName><params><param><value>"
                + "&lol9;</value></param></params></methodCall>");
        malformed("<methodCall><methodName>a.b</methodName><params><param><value>&lol9;</value></param></params></methodCall>");
    }

    @Test
    void hundredThousandDeepNestingIsRefusedWithoutRecursingThatDeep() {
        int depth = 100_000;
        StringBuilder b = new StringBuilder("<methodCall><methodName>a.b</methodName><params><param>");
        b.append("<value><array><data>".repeat(depth)).append("</data></array></value>".repeat(depth));
        b.append("</param></params></methodCall>");
        XmlRpcFault f = malformed(b.toString());
        assertTrue(f.text().contains("nested deeper than"), f.text());
        malformed("<a>".repeat(depth) + "</a>".repeat(depth));
    }

    @Test
    void nestingWithinTheLimitIsRead() {
        Object v = parse(call(param("<array><data><value>".repeat(15) + "x" + "</value></data></array>".repeat(15))))
                .params().get(0);
        for (int i = 0; i < 15; i++) v = ((List<?>) v).get(0);
        assertEquals("x", v);
    }

    @Test
    void wrongTypesAndBrokenDocumentsAreFaults() {
        malformed(call(param("<int>12abc</int>")));
        malformed(call(param("<int>99999999999999999999</int>")));
        malformed(call(param("<boolean>true</boolean>")));
        malformed(call(param("<double>NaN</double>")));
        malformed(call(param("<double>0x1p3</double>")));
        malformed(call(param("<dateTime.iso8601>yesterday</dateTime.iso8601>")));
        malformed(call(param("<base64>!!!</base64>")));
        malformed(call(param("<object>x</object>")));
        malformed(call(param("<int>1</int><int>2</int>")));
        malformed(call(param("<struct><member><name>a</name></member></struct>")));
        malformed(call(param("<array><value>1</value></array>")));
        malformed(call("<param>\n</param>\n"));
        malformed(call("stray text"));
        malformed("<methodCall><params/></methodCall>");
        malformed("<methodCall><methodName></methodName></methodCall>");
        malformed("<methodResponse/>");
        malformed("not xml at all");
        malformed("");
        malformed("<methodCall><methodName>a.b</methodName>");
        malformed("<methodCall><methodName>a.b</methodName></methodCall><extra/>");
        assertThrows(XmlRpcFault.class, () -> XmlRpcReader.parseCall(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2}));
    }

    @Test
    void responsesHavePythonsLayout() {
        assertEquals("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>3.0</string></value>\n"
                + "</param>\n</params>\n</methodResponse>\n", text(XmlRpcWriter.response("3.0")));
        assertEquals("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n"
                + "<value><int>10</int></value>\n</member>\n<member>\n<name>faultString</name>\n"
                + "<value><string>BAD_NAME: a&lt;b</string></value>\n</member>\n</struct></value>\n</fault>\n"
                + "</methodResponse>\n", text(XmlRpcWriter.fault(new XmlRpcFault(Fault.BAD_NAME, "a<b"))));
    }

    @Test
    void writtenValuesReadBack() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("name", "w&b");
        struct.put("pid", 4242);
        struct.put("big", 1L << 40);
        struct.put("ok", true);
        struct.put("at", LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        struct.put("raw", new byte[] {0, 1, 2, (byte) 255});
        struct.put("list", new ArrayList<>(Arrays.asList("a", 1.25, null)));
        String body = text(XmlRpcWriter.response(struct));
        String asCall = body.replace("<methodResponse>", "<methodCall><methodName>a.b</methodName>")
                .replace("</methodResponse>", "</methodCall>");
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) parse(asCall).params().get(0);
        assertEquals(struct.keySet(), back.keySet());
        assertEquals("w&b", back.get("name"));
        assertEquals(1L << 40, back.get("big"));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, (byte[]) back.get("raw"));
        assertEquals(struct.get("list"), back.get("list"));
    }

    @Test
    void charactersXmlCannotCarryBecomeReplacementCharacters() {
        String body = text(XmlRpcWriter.response("a\u0000b\u001bc\ud800d\ud83d\ude00e\tf"));
        assertTrue(body.contains("<string>a\uFFFDb\uFFFDc\uFFFDd\ud83d\ude00e\tf</string>"), body);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void aRenderedValueIsAnsweredAsItsOwnResponseAndNestsAsTheValueItself() {
        List<Object> value = List.of(Map.of("name", "caf\u00e9 <1>"), 7, "x");
        XmlRpcWriter.Rendered rendered = XmlRpcWriter.Rendered.of(value);
        assertArrayEquals(XmlRpcWriter.response(value), XmlRpcWriter.response(rendered));
        assertSame(XmlRpcWriter.response(rendered), XmlRpcWriter.response(rendered)); // served, not rewritten
        // Inside a multicall's answer it is the same <value> the writer would have written.
        assertArrayEquals(XmlRpcWriter.response(List.of(value, 1)), XmlRpcWriter.response(List.of(rendered, 1)));
    }
}
