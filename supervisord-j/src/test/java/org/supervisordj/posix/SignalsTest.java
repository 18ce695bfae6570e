package org.supervisordj.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SignalsTest {
    @Test
    void namesAndNumbers() {
        assertEquals(15, Signals.number("TERM"));
        assertEquals(15, Signals.number("SIGTERM"));
        assertEquals(15, Signals.number("term"));
        assertEquals(15, Signals.number(" 15 "));
        assertEquals(1, Signals.number("hup"));
        assertEquals(6, Signals.number("IOT"));
        assertEquals(34, Signals.number("SIGRTMIN"));
        assertEquals("TERM", Signals.name(15));
        assertEquals("KILL", Signals.name(9));
        assertEquals("USR2", Signals.name(12));
        assertEquals("SIG40", Signals.name(40));
        for (int i = 1; i <= 31; i++) {
            assertEquals(i, Signals.number(Signals.name(i)));
        }
    }

    @Test
    void aliasesAreAcceptedButSupervisordsNamesArePrinted() {
        assertEquals(17, Signals.number("CLD"));
        assertEquals(29, Signals.number("POLL"));
        assertEquals("ABRT", Signals.name(6));
        assertEquals("CHLD", Signals.name(17));
        assertEquals("IO", Signals.name(29));
        assertEquals("SYS", Signals.name(31));
        assertEquals("STKFLT", Signals.name(16));
        assertEquals("RTMIN", Signals.name(34));
        assertEquals("RTMAX", Signals.name(64));
        assertEquals("SIG32", Signals.name(32)); // glibc's own, no name
        assertEquals(15, Signals.TERM);
        assertEquals(9, Signals.KILL);
    }

    @Test
    void badValuesAreNamedInTheMessage() {
        assertEquals("unknown signal: 'FOO'", assertThrows(IllegalArgumentException.class,
                () -> Signals.number("FOO")).getMessage());
        assertEquals("signal number out of range 1..64: '65'", assertThrows(IllegalArgumentException.class,
                () -> Signals.number("65")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Signals.number(""));
        assertThrows(IllegalArgumentException.class, () -> Signals.number("-9"));
        assertThrows(IllegalArgumentException.class, () -> Signals.number("99999999999999"));
    }
}
