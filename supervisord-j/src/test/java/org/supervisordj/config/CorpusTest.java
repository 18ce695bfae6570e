package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads every file of the shared real-world corpus in check mode: the ones supervisord accepts
 * load, the ones it rejects fail with file and line.
 */
class CorpusTest {

    @TempDir
    Path work;

    @Test
    void everyCorpusFileLoadsOrFailsLikeSupervisord() throws Exception {
        Corpus.assumePresent();
        List<Corpus.Entry> entries = Corpus.layOut(work);
        assertEquals(80, entries.size());
        ConfigLoader loader = new ConfigLoader(new ConfigLoader.Options(Corpus.ENV, "box", work, true));
        List<String> wrong = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        for (Corpus.Entry e : entries) {
            List<ConfigProblem> errors;
            try {
                loader.load(e.root());
                errors = List.of();
            } catch (ConfigException ex) {
                errors = ex.problems().stream().filter(ConfigProblem::isError).toList();
            }
            if (e.invalid()) {
                invalid++;
                if (errors.isEmpty()) wrong.add(e.file() + ": supervisord rejects it but it loaded");
                else if (errors.stream().noneMatch(p -> p.file() != null && p.line() > 0)) {
                    wrong.add(e.file() + ": rejected, but no error names file and line: " + errors);
                }
            } else if (e.file().contains("ONLYOFFICE") && e.needsSiblings()) {
                // Its [group:ds] names programs from sibling files; only ds-converter.conf is in the corpus.
                boolean onlyMissingSiblings = !errors.isEmpty() && errors.stream().allMatch(p ->
                        p.message().startsWith("names unknown program ") && !p.message().contains("converter"));
                if (!onlyMissingSiblings) wrong.add(e.file() + ": expected only missing-sibling errors, got " + errors);
            } else {
                valid++;
                if (!errors.isEmpty()) wrong.add(e.file() + ": " + errors);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(3, invalid);
        assertTrue(valid >= 75, "valid files checked: " + valid);
    }
}
