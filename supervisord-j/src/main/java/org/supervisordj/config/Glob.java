package org.supervisordj.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Python's glob.glob for {@code [include] files=}: '*', '?' and '[...]' in any path segment, hidden
 * files matched only by patterns starting with '.', results sorted as supervisord sorts them.
 */
final class Glob {

    private Glob() {
    }

    /** Directory entries looked at for one pattern: a pattern of many wildcard segments must not walk the whole disk. */
    private static final int MAX_SCANNED = 20_000;

    /**
     * Returns the existing paths matching an absolute pattern, sorted; at most {@code limit} of
     * them (a caller seeing {@code limit} knows there may be more).
     */
    static List<Path> expand(String absolutePattern, int limit) {
        int scanned = 0;
        List<Path> current = List.of(Paths.get("/"));
        String[] segments = absolutePattern.split("/+");
        for (int s = 0; s < segments.length; s++) {
            String segment = segments[s];
            if (segment.isEmpty()) continue;
            int cap = s == segments.length - 1 ? limit : MAX_SCANNED; // directories on the way may be many
            List<Path> next = new ArrayList<>();
            for (Path dir : current) {
                if (!hasMagic(segment)) {
                    Path p = dir.resolve(segment);
                    if (Files.exists(p) && next.size() < cap) next.add(p);
                    continue;
                }
                Pattern regex = translate(segment);
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    for (Path child : ds) {
                        if (++scanned > MAX_SCANNED || next.size() >= cap) break;
                        String name = child.getFileName().toString();
                        if (name.startsWith(".") && !segment.startsWith(".")) continue;
                        if (regex.matcher(name).matches()) next.add(child);
                    }
                } catch (IOException | java.nio.file.DirectoryIteratorException | SecurityException e) {
                    // an unreadable or missing directory matches nothing, as in Python
                }
            }
            current = next;
        }
        List<Path> sorted = new ArrayList<>(current);
        sorted.sort((a, b) -> a.toString().compareTo(b.toString()));
        return sorted;
    }

    static boolean hasMagic(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** fnmatch.translate: '*' any run, '?' one char, '[!x]' negated class, everything else literal. */
    private static Pattern translate(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else if (c == '[') {
                int j = i + 1;
                if (j < glob.length() && glob.charAt(j) == '!') j++;
                if (j < glob.length() && glob.charAt(j) == ']') j++;
                while (j < glob.length() && glob.charAt(j) != ']') j++;
                if (j >= glob.length()) {
                    re.append("\\[");
                } else {
                    String body = glob.substring(i + 1, j).replace("\\", "\\\\");
                    if (body.startsWith("!")) body = "^" + body.substring(1);
                    else if (body.startsWith("^")) body = "\\" + body;
                    re.append('[').append(body).append(']');
                    i = j;
                }
            } else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
