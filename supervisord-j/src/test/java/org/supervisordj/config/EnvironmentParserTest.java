package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The table of supervisord-semantics.md 1.11.9, for supervisord 4.2.5. */
class EnvironmentParserTest {

    private final List<String> warnings = new ArrayList<>();

    private Map<String, String> parse(String text) {
        return EnvironmentParser.parse(text, warnings::add);
    }

    @Test
    void plainPairs() {
        assertEquals(Map.of("A", "1", "B", "2"), parse("A=1,B=2"));
        assertTrue(warnings.isEmpty());
    }

    @Test
    void quotedValuesMayHoldCommasAndSpaces() {
        assertEquals(Map.of("A", "x,y", "B", "q", "C", "a b"), parse("A=\"x,y\",B='q',C=\"a b\""));
    }

    @Test
    void unquotedPathsAndUrlsAreOneWord() {
        assertEquals(Map.of("URL", "http://x:80/p", "P", "/usr/bin:/bin"), parse("URL=http://x:80/p,P=/usr/bin:/bin"));
    }

    @Test
    void aWordAfterAnUnquotedValueIsDroppedAsSupervisordDoesButWarned() {
        assertEquals(Map.of("A", "a"), parse("A=a b"));
        assertEquals(1, warnings.size());
        // The variable is named, no part of its value is shown: environment= holds secrets.
        assertTrue(warnings.get(0).contains("value of A "), warnings.get(0));
        assertTrue(!warnings.get(0).contains("'b'") && !warnings.get(0).contains("=a"), warnings.get(0));
    }

    @Test
    void dollarVariableIsNotExpandedAndItsNameIsDropped() {
        assertEquals(Map.of("A", "$"), parse("A=$HOME"));
        assertEquals(1, warnings.size());
    }

    @Test
    void semicolonSeparatorIsAcceptedWithAWarning() {
        assertEquals(Map.of("A", "1", "B", "2"), parse("A=1;B=2"));
        assertEquals(1, warnings.size());
    }

    @Test
    void errorsLikeSupervisord() {
        assertThrows(IllegalArgumentException.class, () -> parse("A=1 B=2"));
        assertThrows(IllegalArgumentException.class, () -> parse("A=x@y"));
        assertThrows(IllegalArgumentException.class, () -> parse("A=#x"));
        assertThrows(IllegalArgumentException.class, () -> parse("A="));
        assertThrows(IllegalArgumentException.class, () -> parse("A=\"unclosed"));
    }

    @Test
    void emptyQuotedValue() {
        assertEquals(Map.of("A", ""), parse("A=\"\""));
    }

    @Test
    void emptyTextIsEmptyMap() {
        assertEquals(Map.of(), parse(""));
    }

    @Test
    void quoteCharactersAreStrippedFromBothEndsAsIn425() {
        assertEquals(Map.of("A", ""), parse("A=''x''"));
        assertEquals(Map.of("V", "x"), parse("V=\"'x'\""));
    }

    @Test
    void nonAsciiLettersEndAnUnquotedWordAsIn425() {
        assertEquals(Map.of("A", "caf"), parse("A=caf\u00e9"));
        assertEquals(1, warnings.size());
    }
}
