package org.supervisordj.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import picocli.AutoComplete;

/**
 * The bash completion script is picocli's, generated from the commands and committed under
 * ctl/completion/ (so packaging needs no build step). This test fails when it is stale and
 * leaves the fresh one in target/ to copy over.
 */
class CompletionScriptTest {
    @Test
    void committedScriptMatchesTheCommands() throws Exception {
        String generated = AutoComplete.bash("ctl", Ctl.commandLine(new Ctl(Map.of(), Style.PLAIN)));
        Path fresh = Path.of("target", "ctl.bash");
        Files.createDirectories(fresh.getParent());
        Files.writeString(fresh, generated);
        Path committed = Path.of("completion", "ctl.bash");
        String old = Files.exists(committed) ? Files.readString(committed) : "";
        assertEquals(old, generated, "ctl/completion/ctl.bash is stale: cp ctl/target/ctl.bash ctl/completion/ctl.bash");
    }
}
