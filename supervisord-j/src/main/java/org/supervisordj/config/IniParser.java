package org.supervisordj.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ini4j.Config;
import org.ini4j.Ini;
import org.ini4j.Profile;

/**
 * Reads one INI file the way supervisord's parser (Python's RawConfigParser with inline comment
 * prefixes ';' and '#', strict=False) does.
 *
 * <p>ini4j is the tokenizer, but it lacks four of supervisord's rules, so a pre-pass applies them
 * first: inline comments only after whitespace, indented continuation lines, lower-cased keys, and a
 * line index, because every error must name its line and ini4j exposes none.
 */
public final class IniParser {

    /** Python's configparser option regex: the key ends at the first '=' or ':'. */
    private static final Pattern OPTION = Pattern.compile("(.*?)\\s*([=:])\\s*(.*)", Pattern.DOTALL);
    /** Python's SECTCRE; anchored at the start only, as re.match is. */
    private static final Pattern SECTION = Pattern.compile("\\[(.+)\\]");
    /** ini4j would read these inside values; they are swapped for private-use characters and back. */
    private static final char NEWLINE_STANDIN = '\uE000';
    private static final char BACKSLASH_STANDIN = '\uE001';

    private IniParser() {
    }

    /** Reads and parses a file; a file that is not valid UTF-8 is reported as a problem, not thrown. */
    public static IniDocument parse(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new IniDocument(file, List.of(), List.of(new ConfigProblem(ConfigProblem.Severity.ERROR,
                    file, 0, null, null, "file is not valid UTF-8 text")));
        }
        return parse(file, text);
    }

    /** Parses text as if read from {@code file}. */
    public static IniDocument parse(Path file, String text) {
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        Prepass prepass = new Prepass(file);
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) prepass.accept(lines[i], i + 1);
        List<IniSection> sections = tokenizeWithIni4j(prepass.sections);
        return new IniDocument(file, sections, prepass.problems);
    }

    /**
     * Feeds the normalised sections through ini4j and rebuilds them from what it read, keeping the
     * pre-pass's line numbers. Section names may repeat, so the k-th occurrence of a name in the
     * pre-pass is matched with ini4j's k-th section of that name (multiSection keeps them apart).
     */
    private static List<IniSection> tokenizeWithIni4j(List<PendingSection> pending) {
        StringBuilder normalised = new StringBuilder();
        for (PendingSection s : pending) {
            normalised.append('[').append(s.name).append("]\n");
            for (PendingEntry e : s.entries) {
                normalised.append(e.key).append('=').append(encode(e.value())).append('\n');
            }
        }
        Ini ini = new Ini();
        Config config = new Config();
        config.setMultiSection(true);
        config.setMultiOption(true);
        config.setEscape(false);
        config.setEmptyOption(true);
        config.setEmptySection(true);
        config.setGlobalSection(false);
        config.setTree(false);
        config.setStrictOperator(false);
        config.setLowerCaseOption(false); // already lower-cased: ini4j's toLowerCase is locale-sensitive
        config.setLowerCaseSection(false);
        config.setComment(false);
        ini.setConfig(config);
        try {
            ini.load(new StringReader(normalised.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("ini4j rejected normalised text: " + e.getMessage(), e);
        }
        Map<String, Integer> seenSections = new HashMap<>();
        List<IniSection> result = new ArrayList<>();
        for (PendingSection s : pending) {
            int occurrence = seenSections.merge(s.name, 1, Integer::sum) - 1;
            Profile.Section parsed = ini.getAll(s.name).get(occurrence);
            Map<String, Integer> seenKeys = new HashMap<>();
            List<IniEntry> entries = new ArrayList<>();
            for (PendingEntry e : s.entries) {
                int keyOccurrence = seenKeys.merge(e.key, 1, Integer::sum) - 1;
                String raw = parsed.getAll(e.key).get(keyOccurrence);
                entries.add(new IniEntry(e.key, decode(raw == null ? "" : raw), s.file, e.line));
            }
            result.add(new IniSection(s.name, s.file, s.line, entries));
        }
        return result;
    }

    private static String encode(String value) {
        return value.replace('\\', BACKSLASH_STANDIN).replace('\n', NEWLINE_STANDIN);
    }

    private static String decode(String value) {
        return value.replace(BACKSLASH_STANDIN, '\\').replace(NEWLINE_STANDIN, '\n');
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

        PendingEntry(String key, int line, String first) {
            this.key = key;
            this.line = line;
            parts.add(first);
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
    private static final class Prepass {
        final Path file;
        final List<PendingSection> sections = new ArrayList<>();
        final List<ConfigProblem> problems = new ArrayList<>();
        PendingSection current;
        PendingEntry currentEntry;
        int indentLevel;

        Prepass(Path file) {
            this.file = file;
        }

        void accept(String line, int lineNo) {
            boolean fullLineComment = line.strip().startsWith(";") || line.strip().startsWith("#");
            int commentStart = fullLineComment ? 0 : inlineCommentStart(line);
            String value = (commentStart >= 0 ? line.substring(0, commentStart) : line).strip();
            if (value.isEmpty()) {
                // A blank line (not a comment) inside a value is kept; it disappears if nothing follows.
                if (commentStart < 0 && currentEntry != null) currentEntry.parts.add("");
                return;
            }
            int indent = indentOf(line);
            if (currentEntry != null && indent > indentLevel) {
                currentEntry.parts.add(value);
                return;
            }
            indentLevel = indent;
            Matcher header = SECTION.matcher(value);
            if (header.lookingAt()) {
                current = new PendingSection(header.group(1), file, lineNo);
                sections.add(current);
                currentEntry = null;
                return;
            }
            if (current == null) {
                problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, file, lineNo, null, null,
                        "option outside of any [section]: '" + value + "'"));
                return;
            }
            Matcher option = OPTION.matcher(value);
            if (!option.matches() || option.group(1).isEmpty()) {
                problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, file, lineNo, current.name, null,
                        "not a 'key = value' line: '" + value + "'"));
                currentEntry = null;
                return;
            }
            String key = option.group(1).stripTrailing().toLowerCase(Locale.ROOT);
            currentEntry = new PendingEntry(key, lineNo, option.group(3).strip());
            current.entries.add(currentEntry);
        }
    }
}
