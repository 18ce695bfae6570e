package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class ShlexTest {

    @Test
    void splitsOnWhitespaceIncludingNewlinesOfContinuationLines() {
        assertEquals(List.of("gunicorn", "--bind", "0.0.0.0", "-w", "3"), Shlex.split("gunicorn\n--bind 0.0.0.0\t-w 3"));
    }

    @Test
    void quotesGroupAndAreRemoved() {
        assertEquals(List.of("nginx", "-g", "daemon off;"), Shlex.split("nginx -g 'daemon off;'"));
        assertEquals(List.of("sh", "-c", "echo \"hi\" $HOME"), Shlex.split("sh -c 'echo \"hi\" $HOME'"));
        assertEquals(List.of("a\"b", "c d"), Shlex.split("\"a\\\"b\" c\\ d"));
        assertEquals(List.of("x", ""), Shlex.split("x ''"));
    }

    @Test
    void hashIsAnOrdinaryCharacter() {
        assertEquals(List.of("echo", "#not-a-comment"), Shlex.split("echo #not-a-comment"));
    }

    @Test
    void backslashInsideDoubleQuotesOnlyEscapesQuoteAndBackslash() {
        assertEquals(List.of("s/\\1/"), Shlex.split("\"s/\\1/\""));
    }

    @Test
    void unclosedQuoteIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Shlex.split("sh -c 'echo"));
    }
}
