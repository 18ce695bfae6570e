package org.supervisordj.events;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The header line a listener reads before each payload, as supervisord 4.2.5's _eventEnvelope writes it. */
final class Envelope {

    private Envelope() {
    }

    /**
     * Returns the header line and the payload. {@code len} is the payload's length as supervisord
     * computes it: in characters of its text, since it formats a Python str. That is what a listener
     * reading text (childutils, {@code sys.stdin.read(len)}) needs; for ASCII it is the byte count.
     */
    static byte[] of(String identifier, long serial, String pool, long poolSerial, Event event) {
        byte[] payload = event.payload();
        String head = "ver:3.0 server:" + identifier + " serial:" + serial + " pool:" + pool + " poolserial:"
                + poolSerial + " eventname:" + event.type().name() + " len:" + length(payload) + "\n";
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + payload.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(payload, 0, all, h.length, payload.length);
        return all;
    }

    /** Characters of the payload read as UTF-8 (code points, as Python counts), or its bytes when it is not UTF-8. */
    static int length(byte[] payload) {
        boolean ascii = true;
        for (byte b : payload) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) return payload.length;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(payload)).toString();
            return text.codePointCount(0, text.length());
        } catch (CharacterCodingException e) {
            return payload.length;
        }
    }
}
