package org.supervisordj.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesTheApiShapes() {
        Object v = Json.parse(" {\"name\": \"web\", \"pid\": 4242, \"now\": 1764081001.123, \"next_retry\": null,"
                + " \"ok\": true, \"no\": false, \"list\": [], \"obj\": {}, \"neg\": -3, \"exp\": 1e3} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals("web", m.get("name"));
        assertEquals(4242L, m.get("pid"));
        assertEquals(1764081001.123, m.get("now"));
        assertNull(m.get("next_retry"));
        assertEquals(true, m.get("ok"));
        assertEquals(false, m.get("no"));
        assertEquals(List.of(), m.get("list"));
        assertEquals(Map.of(), m.get("obj"));
        assertEquals(-3L, m.get("neg"));
        assertEquals(1000.0, m.get("exp"));
        assertEquals(List.of("name", "pid", "now", "next_retry", "ok", "no", "list", "obj", "neg", "exp"),
                List.copyOf(m.keySet()));
    }

    @Test
    void escapesRoundTrip() {
        String s = (String) Json.parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\\u0001\"");
        assertEquals("a\"b\\c/d\n\té😀\u0001", s);
        assertEquals("\"a\\\"b\\\\c/d\\n\\té😀\\u0001\"", Json.write(s));
        assertEquals(s, Json.parse(Json.write(s)));
    }

    @Test
    void writesCompactly() {
        Object v = Json.parse("{ \"a\" : [ 1 , 2.5 , \"x\" , null , true ] , \"b\" : { } }");
        assertEquals("{\"a\":[1,2.5,\"x\",null,true],\"b\":{}}", Json.write(v));
    }

    @Test
    void rejectsBrokenText() {
        for (String bad : new String[] {"", "{", "{\"a\"}", "[1,]", "tru", "\"abc", "{\"a\":1}x", "\"\\x\"", "<html>"}) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }
}
