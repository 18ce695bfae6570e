package org.supervisordj.events;

import java.nio.charset.StandardCharsets;

/**
 * REMOTE_COMMUNICATION, as supervisord 4.2.5 sends it from sendRemoteCommEvent(type, data). Under
 * Python 3 it encodes both strings to UTF-8 before formatting {@code type:%s\n%s}, so the payload
 * holds their bytes' repr: {@code type:b'deploy'\nb'v2 is out'}. Listeners written for it expect
 * exactly that, so it is reproduced byte for byte.
 */
public final class RemoteCommunication {

    private RemoteCommunication() {
    }

    /** Returns the event for {@code type} and {@code data}, stamped {@code epochMillis}. */
    public static Event of(String type, String data, long epochMillis) {
        return Event.of(EventType.REMOTE_COMMUNICATION, "type:" + bytesRepr(type) + "\n" + bytesRepr(data), epochMillis);
    }

    /** Python's repr() of {@code text}'s UTF-8 bytes. */
    static String bytesRepr(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        boolean single = false;
        boolean dbl = false;
        for (byte b : bytes) {
            single |= b == '\'';
            dbl |= b == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        StringBuilder s = new StringBuilder("b").append(quote);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == quote || c == '\\') s.append('\\').append((char) c);
            else if (c == '\t') s.append("\\t");
            else if (c == '\n') s.append("\\n");
            else if (c == '\r') s.append("\\r");
            else if (c < 0x20 || c >= 0x7f) s.append(String.format("\\x%02x", c));
            else s.append((char) c);
        }
        return s.append(quote).toString();
    }
}
