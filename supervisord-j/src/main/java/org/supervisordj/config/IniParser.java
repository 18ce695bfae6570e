package org.supervisordj.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one INI file the way supervisord's parser (Python's RawConfigParser with inline comment
 * prefixes ';' and '#', strict=False) does, within {@link Limits}, recording every problem with
 * its file and line instead of throwing.
 *
 * <p>This is a complete parser, Python configparser's {@code _read} loop, not a pre-pass. An
 * earlier version fed its output through ini4j and back; ini4j did no work there that this loop
 * had not done already, it cannot report lines, and it has rules of its own that differ from
 * Python's (its comment and continuation handling, operators, locale-sensitive lower-casing,
 * {@code \\} escapes), so every one of them had to be disabled or undone around it. What was left
 * was a way to fail: text this loop accepts but ini4j refused surfaced as an
 * IllegalStateException with no location. So ini4j is gone (docs/building.md).
 */
public final class IniParser {

    /** Python's configparser option regex: the key ends at the first '=' or ':'. */
    private static final Pattern OPTION = Pattern.compile("([^=:]*?)\\s*([=:])\\s*(.*)", Pattern.DOTALL);
    /** Python's SECTCRE; anchored at the start only, as re.match is. */
    private static final Pattern SECTION = Pattern.compile("\\[(.+)\\]");

    private IniParser() {
    }

    /**
     * The sections and options one load may still read ({@link Limits}); shared by the files of a
     * load so that an include cannot multiply them.
     */
    public static final class Budget {
        int sections = Limits.SECTIONS;
        int options = Limits.OPTIONS;
        long bytes = Limits.TOTAL_BYTES;
    }

    /** Reads and parses a file with a budget of its own. */
    public static IniDocument parse(Path file) throws IOException {
        return parse(file, new Budget());
    }

    /**
     * Reads and parses a file. A file that is not a regular file, too large, or not valid UTF-8 is
     * reported as a located problem, not thrown.
     *
     * @throws IOException when the file cannot be opened or read
     */
    public static IniDocument parse(Path file, Budget budget) throws IOException {
        if (!Files.isRegularFile(file)) {
            if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
            throw new IOException("not a regular file (a device, directory or pipe cannot be a configuration file)");
        }
        long allowed = Math.min(Limits.FILE_BYTES, budget.bytes);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) allowed + 1);
        }
        if (bytes.length > allowed) {
            return failed(file, lineAt(bytes, (int) allowed), allowed < Limits.FILE_BYTES
                    ? "the configuration files together are larger than " + (Limits.TOTAL_BYTES >> 20) + " MiB"
                    : "file is larger than " + (Limits.FILE_BYTES >> 20) + " MiB");
        }
        budget.bytes -= bytes.length;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            return failed(file, lineAt(bytes, in.position()), "invalid UTF-8 (byte 0x"
                    + String.format("%02x", bytes[in.position()] & 0xff) + " at offset " + in.position()
                    + "); configuration files must be UTF-8 text");
        }
        out.flip();
        return parse(file, out.toString(), budget);
    }

    /** Parses text as if read from {@code file}. */
    public static IniDocument parse(Path file, String text) {
        return parse(file, text, new Budget());
    }

    private static IniDocument parse(Path file, String text, Budget budget) {
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        LineReader reader = new LineReader(file, budget);
        int lineNo = 1;
        int from = 0;
        while (from <= text.length() && !reader.stopped) {
            int end = from;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') end++;
            if (end - from > Limits.VALUE_CHARS) {
                reader.tooLong(lineNo);
            } else {
                reader.accept(text.substring(from, end), lineNo);
            }
            if (end >= text.length()) break;
            from = end + (text.charAt(end) == '\r' && end + 1 < text.length() && text.charAt(end + 1) == '\n' ? 2 : 1);
            lineNo++;
        }
        List<IniSection> sections = new ArrayList<>();
        for (PendingSection s : reader.sections) {
            List<IniEntry> entries = new ArrayList<>(s.entries.size());
            for (PendingEntry e : s.entries) entries.add(new IniEntry(e.key, e.value(), s.file, e.line));
            sections.add(new IniSection(s.name, s.file, s.line, entries));
        }
        return new IniDocument(file, sections, reader.problems);
    }

    private static IniDocument failed(Path file, int line, String message) {
        return new IniDocument(file, List.of(), List.of(new ConfigProblem(ConfigProblem.Severity.ERROR,
                file, line, null, null, message)));
    }

    /** The 1-based line holding byte {@code offset}. */
    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) if (bytes[i] == '\n') line++;
        return line;
    }

    /** Index of the first inline comment: ';' or '#' at the line start or right after whitespace. */
    static int inlineCommentStart(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c == ';' || c == '#') && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) return i;
        }
        return -1;
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) i++;
        return i;
    }

    private static final class PendingEntry {
        final String key;
        final int line;
        final List<String> parts = new ArrayList<>();
        int chars;
        boolean tooLong;

        PendingEntry(String key, int line, String first) {
            this.key = key;
            this.line = line;
            parts.add(first);
            chars = first.length();
        }

        /** Adds a continuation line; false when the value has just passed {@link Limits#VALUE_CHARS}. */
        boolean add(String part) {
            if (tooLong) return true;
            chars += part.length() + 1;
            if (chars > Limits.VALUE_CHARS) {
                tooLong = true;
                parts.clear();
                parts.add("");
                return false;
            }
            parts.add(part);
            return true;
        }

        /** Python joins continuation parts with '\n' and strips trailing whitespace. */
        String value() {
            return String.join("\n", parts).stripTrailing();
        }
    }

    private static final class PendingSection {
        final String name;
        final Path file;
        final int line;
        final List<PendingEntry> entries = new ArrayList<>();

        PendingSection(String name, Path file, int line) {
            this.name = name;
            this.file = file;
            this.line = line;
        }
    }

    /** Python configparser's _read loop, line by line, collecting every problem instead of raising. */
    private static final class LineReader {
        final Path file;
        final Budget budget;
        final List<PendingSection> sections = new ArrayList<>();
        final List<ConfigProblem> problems = new ArrayList<>();
        PendingSection current;
        PendingEntry currentEntry;
        int indentLevel;
        /** Set when a budget ran out: the rest of the file is not read. */
        boolean stopped;

        LineReader(Path file, Budget budget) {
            this.file = file;
            this.budget = budget;
        }

        void error(int lineNo, String key, String message) {
            problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, file, lineNo,
                    current == null ? null : current.name, key, message));
        }

        /** A line too long to read is skipped; it also ends the value it might have continued. */
        void tooLong(int lineNo) {
            error(lineNo, null, "line is longer than " + Limits.VALUE_CHARS + " characters");
            currentEntry = null;
        }

        void accept(String line, int lineNo) {
            boolean fullLineComment = line.strip().startsWith(";") || line.strip().startsWith("#");
            int commentStart = fullLineComment ? 0 : inlineCommentStart(line);
            String value = (commentStart >= 0 ? line.substring(0, commentStart) : line).strip();
            if (value.isEmpty()) {
                // A blank line (not a comment) inside a value is kept; it disappears if nothing follows.
                if (commentStart < 0 && currentEntry != null) continueWith("", lineNo);
                return;
            }
            int indent = indentOf(line);
            if (currentEntry != null && indent > indentLevel) {
                continueWith(value, lineNo);
                return;
            }
            indentLevel = indent;
            Matcher header = SECTION.matcher(value);
            if (header.lookingAt()) {
                if (--budget.sections < 0) {
                    error(lineNo, null, "more than " + Limits.SECTIONS + " sections in all files together;"
                            + " the rest of this file is not read");
                    stopped = true;
                    return;
                }
                current = new PendingSection(header.group(1), file, lineNo);
                sections.add(current);
                currentEntry = null;
                return;
            }
            // The line itself is not quoted: it may be a secret's continuation that lost its indent.
            if (current == null) {
                error(lineNo, null, "option outside of any [section] (a section header such as [program:x] must come first)");
                return;
            }
            Matcher option = OPTION.matcher(value);
            if (!option.matches() || option.group(1).isEmpty()) {
                error(lineNo, null, "not a 'key = value' line, nor an indented continuation of the value above");
                currentEntry = null;
                return;
            }
            if (--budget.options < 0) {
                error(lineNo, null, "more than " + Limits.OPTIONS + " options in all files together;"
                        + " the rest of this file is not read");
                stopped = true;
                return;
            }
            String key = option.group(1).stripTrailing().toLowerCase(Locale.ROOT);
            currentEntry = new PendingEntry(key, lineNo, option.group(3).strip());
            current.entries.add(currentEntry);
        }

        private void continueWith(String part, int lineNo) {
            if (!currentEntry.add(part)) {
                error(currentEntry.line, currentEntry.key, "value (with its continuation lines, up to line " + lineNo
                        + ") is longer than " + Limits.VALUE_CHARS + " characters");
            }
        }
    }
}
