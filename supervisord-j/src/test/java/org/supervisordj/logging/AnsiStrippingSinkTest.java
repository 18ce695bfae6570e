package org.supervisordj.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Expected values are supervisord 4.2.5's {@code dispatchers.stripEscapes} of the same input. */
class AnsiStrippingSinkTest {

    private static String strip(String s) {
        ByteBuffer out = AnsiStrippingSink.strip(ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)));
        return StandardCharsets.ISO_8859_1.decode(out).toString();
    }

    @Test
    void stripsAsSupervisordDoes() {
        assertEquals("red plain", strip("\u001b[31mred\u001b[0m plain"));
        assertEquals("ab", strip("a\u001b[1;2Hb"));
        assertEquals("tail", strip("tail\u001b[3"));
        assertEquals("\u001bx\u001b", strip("\u001bx\u001b"));
        assertEquals("[m", strip("[m\u001b[m"));
    }
}
