package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class DatatypesTest {

    @Test
    void booleansInEverySpelling() {
        for (String t : List.of("yes", "TRUE", "On", "1")) assertTrue(Datatypes.bool(t), t);
        for (String f : List.of("no", "False", "OFF", "0")) assertFalse(Datatypes.bool(f), f);
        assertThrows(IllegalArgumentException.class, () -> Datatypes.bool("maybe"));
    }

    @Test
    void byteSizesArePowersOf1024AndAllowASpaceBeforeTheSuffix() {
        assertEquals(52428800L, Datatypes.byteSize("50MB"));
        assertEquals(1536000L, Datatypes.byteSize("1500 KB"));
        assertEquals(1073741824L, Datatypes.byteSize("1gb"));
        assertEquals(0L, Datatypes.byteSize("0"));
        assertThrows(IllegalArgumentException.class, () -> Datatypes.byteSize("10M"));
    }

    @Test
    void exitCodesAreAListOfIntsWithin0To255() {
        assertEquals(List.of(0, 1), Datatypes.exitCodes("0, 1"));
        assertEquals(List.of(), Datatypes.exitCodes(""));
        assertThrows(IllegalArgumentException.class, () -> Datatypes.exitCodes("256"));
        assertThrows(IllegalArgumentException.class, () -> Datatypes.exitCodes("a"));
    }

    @Test
    void signalsByNameWithOrWithoutSigOrByNumber() {
        assertEquals("TERM", Datatypes.signal("TERM"));
        assertEquals("HUP", Datatypes.signal("SIGHUP"));
        assertEquals("QUIT", Datatypes.signal(" quit "));
        assertEquals("KILL", Datatypes.signal("9"));
        assertEquals(15, Datatypes.signalNumber("TERM"));
        assertThrows(IllegalArgumentException.class, () -> Datatypes.signal("FOO"));
    }

    @Test
    void autorestartAcceptsUnexpectedAndBooleanSpellingsOnly() {
        assertEquals(Autorestart.UNEXPECTED, Datatypes.autorestart("unexpected"));
        assertEquals(Autorestart.TRUE, Datatypes.autorestart("yes"));
        assertEquals(Autorestart.FALSE, Datatypes.autorestart("0"));
        assertThrows(IllegalArgumentException.class, () -> Datatypes.autorestart("always"));
    }

    @Test
    void integersLikePythonInt() {
        assertEquals(5, Datatypes.integer(" 5 "));
        assertEquals(-3, Datatypes.integer("-3"));
        assertThrows(IllegalArgumentException.class, () -> Datatypes.integer("5s"));
    }

    @Test
    void octalAndLogLevelsAndNames() {
        assertEquals(18, Datatypes.octal("022"));
        assertThrows(IllegalArgumentException.class, () -> Datatypes.octal("089"));
        assertEquals(LogLevel.WARN, Datatypes.logLevel("warn"));
        assertThrows(IllegalArgumentException.class, () -> Datatypes.logLevel("warning"));
        assertThrows(IllegalArgumentException.class, () -> Datatypes.processOrGroupName("ls with args"));
        assertThrows(IllegalArgumentException.class, () -> Datatypes.processOrGroupName("a:b"));
    }
}
