package org.supervisordj.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mutated real configurations for fuzzing: corpus files with byte flips, truncation, duplicated,
 * deleted or re-indented lines, huge values, numbers at the limits, invalid UTF-8, NUL bytes,
 * deleted brackets and lines known to have broken the loader. Case {@code i} of seed {@code s} is
 * always the same input, so a failure is reproduced with {@code -Dfuzz.seed=s} and its case number.
 *
 * <p>{@code -Dfuzz.seed=N} and {@code -Dfuzz.cases=N} change the seed and count locally; CI uses
 * the fixed defaults.
 */
public final class ConfigMutator {
    /** The seed CI runs with. */
    public static final long SEED = Long.getLong("fuzz.seed", 20_261_203L);

    private static final String[] NUMBERS = {"0", "-1", "2147483647", "2147483648", "-2147483649",
            "99999999999999999999", "9223372036854775808", "4294967295", "4294967294", "00000000000000000000022",
            "1e9", "0x10", "١٢", "+5", "_1", "1_0"};
    private static final String[] HOSTILE = {
            "user=" + "u".repeat(300),
            "user=18446744073709551616",
            "user=root:root",
            "numprocs=1000000",
            "numprocs=10001",
            "numprocs_start=2147483647",
            "umask=0777777777777777",
            "chmod=77777777",
            "directory=/tmp/\0",
            "environment=SECRET_K=\"unclosed",
            "environment=A=%(ENV_NOPE)s",
            "command=/bin/echo %(program_name)99999999s",
            "command=/bin/echo %(",
            "stdout_logfile=" + "/d".repeat(3000),
            "files=/dev/zero",
            "files=/*/*/*/*",
            "stopsignal=99999999999",
            "exitcodes=0,999999999999",
            "stdout_logfile_maxbytes=99999999999GB",
            "priority=-99999999999",
            "port=127.0.0.1:99999999999",
            "password=" + "p".repeat(5000),
            "programs=" + "x,".repeat(2000),
            "environment=" + "K=v,".repeat(3000) + "K=v",
    };
    private static final byte[][] BAD_UTF8 = {{(byte) 0xff}, {(byte) 0xc3, (byte) 0x28}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82}};

    /** One corpus file laid out in a work directory: what to mutate and what to load. */
    public record Target(String name, Path file, Path root) {
    }

    /** One mutated input: the mutations applied (for a failure's message) and the bytes. */
    public record Case(int number, Target target, List<String> mutations, byte[] bytes) {
        /** Writes the mutated file in place of the original; {@link #restore} puts the original back. */
        public void apply() throws IOException {
            Files.write(target.file(), bytes);
        }

        @Override
        public String toString() {
            return "case " + number + " (seed " + SEED + ") of " + target.name() + ": " + mutations;
        }
    }

    private final List<Target> targets;
    private final List<byte[]> originals = new ArrayList<>();

    private ConfigMutator(List<Target> targets) throws IOException {
        this.targets = targets;
        for (Target t : targets) originals.add(Files.readAllBytes(t.file()));
    }

    /** Skips the caller, naming the missing corpus and where it was looked for (the fuzzer mutates its configs). */
    public static void assumeCorpus() {
        Corpus.assumePresent();
    }

    /** The daemon environment the corpus's %(ENV_X)s need. */
    public static java.util.Map<String, String> environment() {
        return Corpus.ENV;
    }

    /** Lays the corpus out in {@code work} (as CorpusTest does) and returns a mutator over it. */
    public static ConfigMutator over(Path work) throws IOException {
        List<Target> targets = new ArrayList<>();
        for (Corpus.Entry e : Corpus.layOut(work)) {
            String root = e.root().toString();
            Path file = root.endsWith(".root.conf") ? Path.of(root.substring(0, root.length() - ".root.conf".length())) : e.root();
            targets.add(new Target(e.file(), file, e.root()));
        }
        return new ConfigMutator(targets);
    }

    /** Returns case {@code number}: the same input for the same seed and number. */
    public Case next(int number) {
        Random rng = new Random(SEED * 1_000_003L + number);
        int index = rng.nextInt(targets.size());
        Target t = targets.get(index);
        byte[] bytes = originals.get(index);
        List<String> applied = new ArrayList<>();
        int count = 1 + rng.nextInt(3);
        for (int i = 0; i < count; i++) bytes = mutate(bytes, rng, applied);
        return new Case(number, t, applied, bytes);
    }

    /** Puts every mutated file back. */
    public void restore(Case c) throws IOException {
        Files.write(c.target().file(), originals.get(targets.indexOf(c.target())));
    }

    private static byte[] mutate(byte[] in, Random rng, List<String> applied) {
        List<byte[]> lines = splitLines(in);
        int kind = rng.nextInt(100);
        if (in.length == 0) kind = 60;
        int pos = in.length == 0 ? 0 : rng.nextInt(in.length);
        int line = lines.isEmpty() ? 0 : rng.nextInt(lines.size());
        if (kind < 12) {
            byte[] out = in.clone();
            out[pos] = (byte) rng.nextInt(256);
            applied.add("flip byte " + pos);
            return out;
        } else if (kind < 18) {
            if (rng.nextInt(8) == 0) pos = 0;
            applied.add("truncate at " + pos);
            return java.util.Arrays.copyOf(in, pos);
        } else if (kind < 28) {
            int times = rng.nextInt(10) == 0 ? 1000 + rng.nextInt(5000) : 1 + rng.nextInt(3);
            for (int i = 0; i < times; i++) lines.add(line, lines.get(line));
            applied.add("duplicate line " + (line + 1) + " x" + times);
        } else if (kind < 34) {
            lines.remove(line);
            applied.add("delete line " + (line + 1));
        } else if (kind < 37) {
            int size = rng.nextBoolean() ? 100_000 + rng.nextInt(100_000) : 1_000_000 + rng.nextInt(1_000_000);
            lines.set(line, concat(lines.get(line), "x".repeat(size).getBytes(StandardCharsets.US_ASCII)));
            applied.add("huge value (" + size + ") on line " + (line + 1));
        } else if (kind < 47) {
            String text = new String(lines.get(line), StandardCharsets.UTF_8);
            String number = NUMBERS[rng.nextInt(NUMBERS.length)];
            String replaced = text.replaceFirst("\\d+", java.util.regex.Matcher.quoteReplacement(number));
            if (replaced.equals(text) && text.contains("=")) replaced = text.substring(0, text.indexOf('=') + 1) + number;
            lines.set(line, replaced.getBytes(StandardCharsets.UTF_8));
            applied.add("number " + number + " on line " + (line + 1));
        } else if (kind < 55) {
            byte[] bad = BAD_UTF8[rng.nextInt(BAD_UTF8.length)];
            applied.add("invalid UTF-8 at " + pos);
            return splice(in, pos, bad);
        } else if (kind < 62) {
            int bracket = indexOfBracket(in, pos);
            if (bracket < 0) return in;
            applied.add("delete bracket at " + bracket);
            return splice(java.util.Arrays.copyOf(in, bracket), bracket,
                    java.util.Arrays.copyOfRange(in, bracket + 1, in.length));
        } else if (kind < 80) {
            String hostile = HOSTILE[rng.nextInt(HOSTILE.length)];
            lines.add(Math.min(lines.size(), line + 1), hostile.getBytes(StandardCharsets.UTF_8));
            applied.add("insert '" + Limits.quoted(hostile) + "' after line " + (line + 1));
        } else if (kind < 84) {
            applied.add("NUL at " + pos);
            return splice(in, pos, new byte[] {0});
        } else if (kind < 90) {
            int other = rng.nextInt(lines.size());
            byte[] a = lines.get(line);
            lines.set(line, lines.get(other));
            lines.set(other, a);
            applied.add("swap lines " + (line + 1) + " and " + (other + 1));
        } else if (kind < 95) {
            lines.set(line, concat("    ".getBytes(StandardCharsets.US_ASCII), lines.get(line)));
            applied.add("indent line " + (line + 1));
        } else {
            int times = 1000 + rng.nextInt(20_000);
            List<byte[]> block = new ArrayList<>();
            for (int i = 0; i < times; i++) block.add("  more".getBytes(StandardCharsets.US_ASCII));
            lines.addAll(Math.min(lines.size(), line + 1), block);
            applied.add("continuation of " + times + " lines after line " + (line + 1));
        }
        return joinLines(lines);
    }

    private static int indexOfBracket(byte[] in, int from) {
        for (int k = 0; k < in.length; k++) {
            int i = (from + k) % in.length;
            if (in[i] == '[' || in[i] == ']') return i;
        }
        return -1;
    }

    private static List<byte[]> splitLines(byte[] in) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\n') {
                lines.add(java.util.Arrays.copyOfRange(in, start, i));
                start = i + 1;
            }
        }
        lines.add(java.util.Arrays.copyOfRange(in, start, in.length));
        return lines;
    }

    private static byte[] joinLines(List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) out.write('\n');
            out.writeBytes(lines.get(i));
        }
        return out.toByteArray();
    }

    private static byte[] splice(byte[] in, int pos, byte[] insert) {
        byte[] out = new byte[in.length + insert.length];
        System.arraycopy(in, 0, out, 0, pos);
        System.arraycopy(insert, 0, out, pos, insert.length);
        System.arraycopy(in, pos, out, pos + insert.length, in.length - pos);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return splice(a, a.length, b);
    }
}
