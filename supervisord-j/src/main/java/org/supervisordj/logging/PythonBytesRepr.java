package org.supervisordj.logging;

import java.nio.ByteBuffer;

/** Python's {@code repr(bytes)}, which supervisord writes for output that is not UTF-8 ("Undecodable: b'...'"). */
final class PythonBytesRepr {

    private PythonBytesRepr() {
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
