package org.supervisordj.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class NotifyMessageTest {

    private static NotifyMessage parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return NotifyMessage.parse(b, b.length);
    }

    @Test
    void readsSystemdsAssignments() {
        assertEquals(new NotifyMessage(true, "serving", false, false, false), parse("READY=1\nSTATUS=serving\nMAINPID=42\n"));
        assertEquals(new NotifyMessage(false, null, true, false, false), parse("WATCHDOG=1"));
        assertEquals(new NotifyMessage(false, null, false, true, false), parse("STOPPING=1"));
        assertEquals(new NotifyMessage(false, null, false, false, true), parse("RELOADING=1\nMONOTONIC_USEC=1"));
        assertEquals(new NotifyMessage(false, null, false, false, false), parse("READY=0\ngarbage\n=x"));
    }

    @Test
    void statusIsOneBoundedLine() {
        assertEquals("a b", parse("STATUS=a\tb").status());
        assertEquals(NotifyMessage.MAX_STATUS, parse("STATUS=" + "x".repeat(5000)).status().length());
    }
}
