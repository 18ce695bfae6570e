package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDiffTest {

    @TempDir
    Path dir;

    private Configuration load(String text) throws Exception {
        Path f = dir.resolve("s.conf");
        Files.writeString(f, "[supervisord]\nlogfile=/tmp/x.log\n" + text);
        return new ConfigLoader(new ConfigLoader.Options(Map.of(), "box", dir, false)).load(f);
    }

    @Test
    void groupsAreAddedChangedRemovedOrKept() throws Exception {
        Configuration before = load("[program:keep]\ncommand=/bin/true\n[program:edit]\ncommand=/bin/true\n"
                + "[program:gone]\ncommand=/bin/true\n");
        Configuration after = load("[program:keep]\ncommand=/bin/true\n[program:edit]\ncommand=/bin/false\n"
                + "[program:new]\ncommand=/bin/true\n");
        ConfigDiff diff = ConfigDiff.between(before, after);
        assertEquals(List.of("new"), ConfigDiff.names(diff.added()));
        assertEquals(List.of("edit"), ConfigDiff.names(diff.changed()));
        assertEquals(List.of("gone"), ConfigDiff.names(diff.removed()));
    }

    @Test
    void sameFileIsNoChangeAndAnyOptionOfAGroupMemberChangesTheGroup() throws Exception {
        String text = "[group:g]\nprograms=a,b\n[program:a]\ncommand=/bin/true\n[program:b]\ncommand=/bin/true\n";
        assertTrue(ConfigDiff.between(load(text), load(text)).isEmpty());
        ConfigDiff diff = ConfigDiff.between(load(text), load(text + "startsecs=5\n"));
        assertEquals(List.of("g"), ConfigDiff.names(diff.changed()));
    }
}
