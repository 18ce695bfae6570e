package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads thousands of mutated corpus configurations ({@link ConfigMutator}) as a reload does
 * ({@link HostileLoad}: 512 KiB stack, time and allocation bounds): nothing but ConfigException
 * escapes, every problem names file:line, no Java class name in a message.
 * {@code -Dfuzz.cases=N -Dfuzz.seed=S} to fuzz more or differently.
 */
class ConfigFuzzTest {

    private static final int CASES = Integer.getInteger("fuzz.cases", 3000);

    @TempDir
    Path work;

    @Test
    void mutatedCorpusConfigsGiveConfigurationsOrLocatedErrors() throws Exception {
        assumeTrue(ConfigMutator.corpusPresent(), ConfigMutator.NO_CORPUS);
        ConfigMutator mutator = ConfigMutator.over(work);
        List<String> failures = new ArrayList<>();
        int rejected = 0;
        for (int i = 0; i < CASES && failures.size() < 5; i++) {
            ConfigMutator.Case c = mutator.next(i);
            c.apply();
            try {
                HostileLoad.Outcome o = HostileLoad.load(c.target().root(), ConfigMutator.environment());
                if (o.error() != null) rejected++;
            } catch (AssertionError e) {
                failures.add(c + "\n  " + e.getMessage());
            } finally {
                mutator.restore(c);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(rejected > CASES / 10, "only " + rejected + " of " + CASES + " mutations were rejected");
    }
}
