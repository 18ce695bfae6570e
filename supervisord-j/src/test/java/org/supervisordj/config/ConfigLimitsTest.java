package org.supervisordj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile inputs that once crashed the JVM, threw, hung or ran out of memory: each is now one
 * located error (docs/configuration.md, "Limits"), within the bounds {@link HostileLoad} checks.
 */
class ConfigLimitsTest {

    private static final String HEAD = "[supervisord]\nlogfile=/tmp/limits.log\npidfile=/tmp/limits.pid\n";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private HostileLoad.Outcome load(Path root) {
        return HostileLoad.load(root, Map.of("HOME", "/root", "BIG", "x".repeat(100_000)));
    }

    /** Asserts a rejection whose errors include one at {@code file:line} containing {@code text}. */
    private static void assertError(HostileLoad.Outcome o, Path file, int line, String text) {
        assertNotNull(o.error(), "accepted");
        String all = o.errors().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
        assertTrue(o.errors().stream().anyMatch(p -> p.file().equals(file) && p.line() == line
                && p.message().contains(text)), "want " + file + ":" + line + " '" + text + "' in\n" + all);
        assertTrue(all.length() < 20_000, "report of " + all.length() + " characters");
    }

    @Test
    void userOfTwoMegabytesIsALocatedErrorNotACrashInGetpwnam() throws IOException {
        // Before: SIGSEGV inside getpwnam (the native frame ran past the thread's stack).
        Path f = write("s.conf", HEAD + "[program:a]\ncommand=/bin/true\nuser=" + "a".repeat(100_000) + "\n");
        assertError(load(f), f, 6, "user name is longer than 255 bytes");
        Path big = write("big.conf", HEAD + "[program:a]\ncommand=/bin/true\nuser=%(ENV_BIG)s\n");
        assertError(load(big), big, 6, "user name is longer than 255 bytes");
        Path sup = write("sup.conf", HEAD + "user=" + "b".repeat(100_000) + "\n");
        assertError(load(sup), sup, 4, "user name is longer than 255 bytes");
    }

    @Test
    void twentyDigitUidIsALocatedError() throws IOException {
        // Before: NumberFormatException out of Users.lookup.
        Path f = write("s.conf", HEAD + "[program:a]\ncommand=/bin/true\nuser=12345678901234567890\n");
        assertError(load(f), f, 6, "uid out of range");
    }

    @Test
    void hugeOctalAndNulInAPathAreLocatedErrors() throws IOException {
        Path f = write("s.conf", HEAD + "umask=77777777777777777777\n[program:a]\ncommand=/bin/true\n"
                + "directory=/tmp/\0x\n");
        HostileLoad.Outcome o = load(f);
        assertError(o, f, 4, "out of range");
        assertError(o, f, 7, "NUL");
    }

    @Test
    void aFileOverOneMegabyteIsALocatedError() throws IOException {
        // Before: a 16 MB line ended in OutOfMemoryError in the daemon (-Xmx128m).
        Path f = write("s.conf", HEAD + "[program:a]\ncommand=/bin/echo " + "x".repeat(2 << 20) + "\n");
        HostileLoad.Outcome o = load(f);
        assertError(o, f, 5, "larger than 1 MiB");
        assertEquals(1, o.errors().size(), "only that error: " + o.errors());
    }

    @Test
    void anEmptyRootIsOneLocatedError() throws IOException {
        Path f = write("empty.conf", "");
        HostileLoad.Outcome o = load(f);
        assertError(o, f, 1, "does not include supervisord section");
        assertEquals(1, o.errors().size(), o.errors().toString());
    }

    @Test
    void aLineOrAValueOverTheLimitIsALocatedError() throws IOException {
        Path line = write("line.conf", HEAD + "[program:a]\ncommand=/bin/echo " + "x".repeat(200_000) + "\n");
        assertError(load(line), line, 5, "line is longer than 131072 characters");
        // A continuation of 300,000 lines: before, each became part of one ever-growing value.
        Path cont = write("cont.conf", HEAD + "[program:a]\ncommand=/bin/echo\n" + " y\n".repeat(300_000));
        assertError(load(cont), cont, 5, "longer than 131072 characters");
    }

    @Test
    void includingADeviceIsALocatedError() throws IOException {
        // Before: files=/dev/zero read until OutOfMemoryError.
        Path f = write("s.conf", HEAD + "[include]\nfiles=/dev/zero\n");
        HostileLoad.Outcome o = load(f);
        assertNotNull(o.error());
        assertError(o, f, 5, "/dev/zero: not a regular file");
    }

    @Test
    void thousandsOfIdenticalSectionsAreBounded() throws IOException {
        String section = "[program:a]\ncommand=/bin/true\nenvironment=K=\"v\"\n";
        // 5,000 copies: accepted, with a bounded report of the overrides.
        HostileLoad.Outcome ok = load(write("ok.conf", HEAD + section.repeat(5_000)));
        assertNotNull(ok.config(), () -> ok.errors().toString());
        assertTrue(ok.config().warnings().size() <= Limits.PROBLEMS + 1, ok.config().warnings().size() + " warnings");
        // 20,000 copies: past the section limit.
        Path many = write("many.conf", HEAD + section.repeat(20_000));
        // [supervisord] is one of the 20,000 sections.
        assertError(load(many), many, 4 + 3 * (Limits.SECTIONS - 1), "more than 20000 sections");
    }

    @Test
    void aMillionProcessesIsALocatedErrorNotAHang() throws IOException {
        Path f = write("s.conf", HEAD + "[program:a]\ncommand=/bin/true\nnumprocs=1000000\n"
                + "process_name=%(program_name)s_%(process_num)d\n");
        assertError(load(f), f, 6, "numprocs must be <= 10000");
        StringBuilder programs = new StringBuilder(HEAD);
        for (int i = 0; i < 3; i++) {
            programs.append("[program:p").append(i).append("]\ncommand=/bin/true\nnumprocs=5000\n")
                    .append("process_name=%(program_name)s_%(process_num)d\n");
        }
        Path total = write("total.conf", programs.toString());
        assertError(load(total), total, 14, "more than 10000 processes in all programs");
    }

    @Test
    void expansionsAreBounded() throws IOException {
        Path wide = write("wide.conf", HEAD + "[program:a]\ncommand=/bin/echo %(program_name)999999999s\n");
        assertError(load(wide), wide, 5, "too large");
        Path big = write("big.conf", HEAD + "[program:a]\ncommand=/bin/echo " + "%(ENV_BIG)s".repeat(20) + "\n");
        assertError(load(big), big, 5, "expands to more than 131072 characters");
    }

    @Test
    void invalidUtf8IsLocatedAtItsLine() throws IOException {
        Path f = dir.resolve("s.conf");
        Files.write(f, (HEAD + "[program:a]\ncommand=/bin/true \u00e9\n").getBytes(StandardCharsets.UTF_8));
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 2] = (byte) 0xff; // the second byte of é
        Files.write(f, bytes);
        assertError(load(f), f, 5, "invalid UTF-8");
    }

    @Test
    void aRootWithoutSupervisordIsLocated() throws IOException {
        Path f = write("dropin.conf", "[program:a]\ncommand=/bin/true\n");
        assertError(load(f), f, 1, "does not include supervisord section");
    }

    @Test
    void anUnreadableIncludeIsLocatedAtTheIncludeWithoutAJavaName() throws IOException {
        Path f = write("s.conf", HEAD + "[include]\nfiles=" + dir.resolve("gone") + "/x.conf " + dir.resolve("sub") + "\n");
        Files.createDirectory(dir.resolve("sub"));
        Path unreadable = write("secret.conf", "[program:x]\ncommand=/bin/true\n");
        unreadable.toFile().setReadable(false);
        Path g = write("g.conf", HEAD + "[include]\nfiles=" + unreadable + "\n");
        HostileLoad.Outcome o = load(g);
        if (unreadable.toFile().canRead()) return; // root reads everything
        assertError(o, g, 5, "permission denied");
        assertEquals(null, load(f).error());
    }

    @Test
    void aBugOfTheLoaderIsStillALocatedConfigExceptionNotAStackTrace() throws IOException {
        Path f = write("s.conf", HEAD);
        // A null environment makes the loader fail inside; a reload must still get a ConfigException.
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> new ConfigLoader(new ConfigLoader.Options(null, "h", dir, false)).load(f));
        assertEquals(f + ":1: internal error while reading this configuration (please report it with the file)",
                e.problems().get(0).toString());
    }
}
