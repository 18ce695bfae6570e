package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class IniParserTest {

    private static final Path FILE = Path.of("/etc/test.conf");

    private static IniDocument parse(String text) {
        return IniParser.parse(FILE, text);
    }

    private static String value(IniDocument doc, String section, String key) {
        String found = null;
        for (IniSection s : doc.sections()) {
            if (!s.name().equals(section)) continue;
            for (IniEntry e : s.entries()) if (e.key().equals(key)) found = e.value();
        }
        return found;
    }

    @Test
    void equalsAndColonAreBothSeparatorsAndTheFirstOneWins() {
        IniDocument doc = parse("[program:a]\ncommand = /bin/x --opt=1\nuser: www-data\nurl: http://x:80/p\n");
        assertEquals("/bin/x --opt=1", value(doc, "program:a", "command"));
        assertEquals("www-data", value(doc, "program:a", "user"));
        assertEquals("http://x:80/p", value(doc, "program:a", "url"));
    }

    @Test
    void fullLineCommentsWithSemicolonOrHashAreSkipped() {
        IniDocument doc = parse("; header\n# another\n[supervisord]\n  ; indented comment\nlogfile=/x\n");
        assertEquals(1, doc.sections().get(0).entries().size());
        assertEquals("/x", value(doc, "supervisord", "logfile"));
    }

    @Test
    void inlineCommentNeedsWhitespaceBeforeIt() {
        IniDocument doc = parse("[program:n]\ncommand=nginx -g 'daemon off;'\nuser=root\t\t  ; the user\n"
                + "logfile=/x # note\ncolour=#fff\n");
        assertEquals("nginx -g 'daemon off;'", value(doc, "program:n", "command"));
        assertEquals("root", value(doc, "program:n", "user"));
        assertEquals("/x", value(doc, "program:n", "logfile"));
        assertEquals("#fff", value(doc, "program:n", "colour"));
    }

    @Test
    void commentAfterSectionHeaderIsIgnored() {
        IniDocument doc = parse("[inet_http_server]         ; inet (TCP) server\nport=127.0.0.1:9001\n");
        assertEquals("inet_http_server", doc.sections().get(0).name());
    }

    @Test
    void indentedContinuationLinesAreJoinedWithNewlinesAndCommentsInsideAreDropped() {
        IniDocument doc = parse("[program:w]\ncommand=gunicorn\n    --bind 0.0.0.0\n# skipped\n    --workers 3 ; c\nuser=x\n");
        assertEquals("gunicorn\n--bind 0.0.0.0\n--workers 3", value(doc, "program:w", "command"));
        assertEquals("x", value(doc, "program:w", "user"));
    }

    @Test
    void valueMayStartOnTheNextLine() {
        IniDocument doc = parse("[group:g]\nprograms=\n  a,\n  b\n");
        assertEquals("\na,\nb", value(doc, "group:g", "programs"));
    }

    @Test
    void keysAreLowerCasedButSectionNamesKeepTheirCase() {
        IniDocument doc = parse("[program:Web]\nCommand=/bin/true\n");
        assertEquals("program:Web", doc.sections().get(0).name());
        assertEquals("/bin/true", value(doc, "program:Web", "command"));
    }

    @Test
    void duplicateKeysAreAllKeptInFileOrderSoTheLastCanWin() {
        IniDocument doc = parse("[program:a]\nautorestart=true\nautorestart=false\n");
        List<IniEntry> entries = doc.sections().get(0).entries();
        assertEquals(2, entries.size());
        assertEquals("false", value(doc, "program:a", "autorestart"));
        assertEquals(3, entries.get(1).line());
    }

    @Test
    void crlfTabsBomAndMissingFinalNewlineAreAccepted() {
        IniDocument doc = parse("\uFEFF[program:a]\r\ncommand\t\t= /usr/sbin/cron -f\r\nuser=root");
        assertTrue(doc.problems().isEmpty());
        assertEquals("/usr/sbin/cron -f", value(doc, "program:a", "command"));
        assertEquals("root", value(doc, "program:a", "user"));
        assertEquals(3, doc.sections().get(0).entries().get(1).line());
    }

    @Test
    void emptyFileHasNoSectionsAndNoProblems() {
        IniDocument doc = parse("");
        assertTrue(doc.sections().isEmpty());
        assertTrue(doc.problems().isEmpty());
    }

    @Test
    void linesWithoutSeparatorAreErrorsWithTheirLineNumbersAndAllAreReported() {
        IniDocument doc = parse("[program:a]\ncommand=x\nsudo supervisorctl reread\nsudo supervisorctl update\n");
        assertEquals(2, doc.problems().size());
        assertEquals(3, doc.problems().get(0).line());
        assertEquals(4, doc.problems().get(1).line());
        assertEquals("x", value(doc, "program:a", "command"));
    }

    @Test
    void optionBeforeAnySectionIsAnError() {
        IniDocument doc = parse("command=x\n[supervisord]\n");
        assertEquals(1, doc.problems().size());
        assertEquals(1, doc.problems().get(0).line());
    }

    @Test
    void backslashesQuotesPercentAndDollarSurviveVerbatim() {
        String cmd = "bash -c 'ip a | sed -nr \"s/.*inet ([^/]+).*/\\1/p\"; echo ${HOME} %%(x)s \\'";
        IniDocument doc = parse("[program:a]\ncommand=" + cmd + "\n");
        assertEquals(cmd, value(doc, "program:a", "command"));
    }

    @Test
    void emptyValueIsEmptyString() {
        IniDocument doc = parse("[supervisorctl]\nprompt=\n");
        assertEquals("", value(doc, "supervisorctl", "prompt"));
    }

    @Test
    void blankLinesInsideAValueAreKeptOnlyBetweenParts() {
        IniDocument doc = parse("[program:a]\ncommand=a\n\n  b\n\n\nuser=x\n");
        assertEquals("a\n\nb", value(doc, "program:a", "command"));
    }

    @Test
    void utf8SectionNamesAndComments() {
        IniDocument doc = parse("; « commentaire » — é\n[program:test_öäü]\ncommand=/bin/true\n");
        assertEquals("program:test_öäü", doc.sections().get(0).name());
    }
}
