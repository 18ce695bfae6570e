package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ExpanderTest {

    private static final Map<String, Object> NAMES = Map.of("ENV_HOME", "/root", "program_name", "web",
            "process_num", 3, "numprocs", 12, "here", "/etc/sv", "group_name", "g", "host_node_name", "box");

    @Test
    void expandsNamedStrings() {
        assertEquals("/root/web-g@box in /etc/sv",
                Expander.expand("%(ENV_HOME)s/%(program_name)s-%(group_name)s@%(host_node_name)s in %(here)s", NAMES));
    }

    @Test
    void processNumAcceptsPythonWidthAndZeroPadding() {
        assertEquals("web_03", Expander.expand("%(program_name)s_%(process_num)02d", NAMES));
        assertEquals("w3", Expander.expand("w%(process_num)d", NAMES));
        assertEquals("w3", Expander.expand("w%(process_num)s", NAMES));
        assertEquals("[  3]", Expander.expand("[%(process_num)3d]", NAMES));
        assertEquals("[3  ]", Expander.expand("[%(process_num)-3d]", NAMES));
        assertEquals("of 12", Expander.expand("of %(numprocs)d", NAMES));
    }

    @Test
    void doublePercentIsALiteralPercent() {
        assertEquals("--access-logformat '%({x}i)s %(t)s' celery@%h",
                Expander.expand("--access-logformat '%%({x}i)s %%(t)s' celery@%%h", NAMES));
    }

    @Test
    void unknownNameListsTheAvailableOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Expander.expand("%(t)s", NAMES));
        assertTrue(e.getMessage().contains("('t')"), e.getMessage());
        assertTrue(e.getMessage().contains("Available names: group_name"), e.getMessage());
    }

    @Test
    void unknownEnvNameSuggestsAFewCloseOnesInsteadOfListingFifty() {
        java.util.Map<String, Object> names = new java.util.HashMap<>();
        for (int i = 0; i < 60; i++) names.put("ENV_VAR_NUMBER_" + i, "v");
        names.put("ENV_DATABASE_URL", "postgres://u:p@h/db");
        names.put("ENV_DATABASE_URI", "x");
        names.put("program_name", "web");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Expander.expand("%(ENV_DATABSE_URL)s", names));
        String m = e.getMessage();
        assertTrue(m.contains("did you mean ENV_DATABASE_URL or ENV_DATABASE_URI?"), m);
        assertTrue(m.contains("Available names: program_name, and ENV_X for each variable"), m);
        assertTrue(!m.contains("ENV_VAR_NUMBER") && !m.contains("postgres"), m);
    }

    @Test
    void bareFormatCharacterIsBadlyFormatted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Expander.expand("date +%Y", NAMES));
        assertTrue(e.getMessage().contains("unsupported format character 'Y'"), e.getMessage());
    }

    @Test
    void numericFormatOfAStringIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Expander.expand("%(ENV_HOME)d", NAMES));
    }

    @Test
    void trailingPercentIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Expander.expand("100%", NAMES));
    }
}
