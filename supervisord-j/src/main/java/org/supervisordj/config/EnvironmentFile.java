package org.supervisordj.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@code environment_file=} (supervisord-j extension): {@code KEY=value} lines as in
 * systemd's EnvironmentFile or a shell {@code .env}. Read at every spawn, so secrets stay out of the
 * configuration and a changed file applies at the next restart. Messages name lines, never values.
 */
public final class EnvironmentFile {

    private static final Pattern LINE = Pattern.compile("(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*)");

    private EnvironmentFile() {
    }

    /**
     * Returns the variables of {@code file} in file order. It is read on the engine thread at each
     * spawn, so it is bounded like a configuration file (a regular file of at most 1 MiB).
     *
     * @throws IOException when the file cannot be read or a line is not {@code KEY=value}; the
     *                     message names the file (and line) and why, in words, never a value
     */
    public static Map<String, String> read(Path file) throws IOException {
        List<String> lines;
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) throw new IOException(file + ": not a regular file");
            byte[] bytes;
            try (java.io.InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(Limits.FILE_BYTES + 1);
            }
            if (bytes.length > Limits.FILE_BYTES) throw new IOException(file + ": larger than 1 MiB");
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            lines = text.lines().toList();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + ": not valid UTF-8 text");
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException(file + ": " + ConfigLoader.ioReason(e));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            Matcher m = LINE.matcher(line);
            if (!m.matches()) throw new IOException(file + ":" + (i + 1) + ": not a KEY=value line");
            if (line.indexOf('\0') >= 0) throw new IOException(file + ":" + (i + 1) + ": contains a NUL character");
            env.put(m.group(1), unquote(m.group(2), file, i + 1));
        }
        return env;
    }

    /** Returns true when other users may read the file, which an operator should hear about. */
    public static boolean isWorldReadable(Path file) {
        try {
            return Files.getPosixFilePermissions(file).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static String unquote(String value, Path file, int line) throws IOException {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1); // single quotes: literal
        }
        if (value.startsWith("\"")) {
            if (value.length() < 2 || !value.endsWith("\"")) throw new IOException(file + ":" + line + ": unclosed quote");
            StringBuilder out = new StringBuilder();
            String body = value.substring(1, value.length() - 1);
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c == '\\' && i + 1 < body.length()) {
                    char next = body.charAt(++i);
                    out.append(next == 'n' ? '\n' : next);
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
        return value;
    }
}
