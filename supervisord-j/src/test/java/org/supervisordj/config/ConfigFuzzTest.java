package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
        ConfigMutator.assumeCorpus();
        ConfigMutator mutator = ConfigMutator.over(work);
        List<String> failures = new ArrayList<>();
        int rejected = 0;
        long slowestNanos = 0;
        long mostAllocated = 0;
        String heaviest = "";
        long t0 = System.nanoTime();
        for (int i = 0; i < CASES && failures.size() < 5; i++) {
            ConfigMutator.Case c = mutator.next(i);
            c.apply();
            try {
                long start = System.nanoTime();
                HostileLoad.Outcome o = HostileLoad.load(c.target().root(), ConfigMutator.environment());
                slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
                if (o.allocated() > mostAllocated) {
                    mostAllocated = o.allocated();
                    heaviest = c.toString();
                }
                if (o.error() != null) rejected++;
            } catch (AssertionError e) {
                failures.add(c + "\n  " + e.getMessage());
            } finally {
                mutator.restore(c);
            }
        }
        System.out.printf("config fuzz: %d cases (seed %d) in %.1f s, %d rejected; slowest load %d ms,"
                + " most allocated by one load %d MB (%s)%n", CASES, ConfigMutator.SEED,
                (System.nanoTime() - t0) / 1e9, rejected, slowestNanos / 1_000_000, mostAllocated >> 20, heaviest);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(rejected > CASES / 10, "only " + rejected + " of " + CASES + " mutations were rejected");
    }
}
