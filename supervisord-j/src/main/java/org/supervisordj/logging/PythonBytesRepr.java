package org.supervisordj.logging;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Python's {@code repr(bytes)}, which supervisord writes for output that is not UTF-8 ("Undecodable: b'...'"). */
final class PythonBytesRepr {

    private PythonBytesRepr() {
    }

    /**
     * Returns {@code data} as supervisord passes child output on as text (its events' payloads, the
     * debug echo): the bytes themselves when they are UTF-8, else {@code Undecodable: b'...'} in UTF-8.
     */
    static byte[] utf8OrUndecodable(ByteBuffer data) {
        ByteBuffer d = data.duplicate();
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(d.duplicate());
        } catch (CharacterCodingException e) {
            return ("Undecodable: " + of(d)).getBytes(StandardCharsets.UTF_8);
        }
        byte[] raw = new byte[d.remaining()];
        d.get(raw);
        return raw;
    }

    static String of(ByteBuffer data) {
        ByteBuffer d = data.duplicate();
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (int i = d.position(); i < d.limit(); i++) {
            if (d.get(i) == '\'') hasSingle = true;
            if (d.get(i) == '"') hasDouble = true;
        }
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder s = new StringBuilder(d.remaining() + 3).append('b').append(quote);
        while (d.hasRemaining()) {
            int b = d.get() & 0xff;
            if (b == quote || b == '\\') s.append('\\').append((char) b);
            else if (b == '\t') s.append("\\t");
            else if (b == '\n') s.append("\\n");
            else if (b == '\r') s.append("\\r");
            else if (b < 0x20 || b >= 0x7f) s.append(String.format("\\x%02x", b));
            else s.append((char) b);
        }
        return s.append(quote).toString();
    }
}
