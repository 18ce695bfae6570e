package org.supervisordj.config;

/**
 * Where one output stream of a process goes: a file, an automatically named file in childlogdir,
 * or nowhere.
 *
 * @param kind which of the three
 * @param path the file for {@link Kind#FILE}, else null
 */
public record LogTarget(Kind kind, String path) {

    /** The three kinds of log target supervisord knows. */
    public enum Kind { AUTO, NONE, FILE }

    public static final LogTarget AUTO = new LogTarget(Kind.AUTO, null);
    public static final LogTarget NONE = new LogTarget(Kind.NONE, null);

    /** Returns a target writing to {@code path}. */
    public static LogTarget file(String path) {
        return new LogTarget(Kind.FILE, path);
    }

    /** Returns the config spelling: the path, "AUTO" or "NONE". */
    public String configValue() {
        return kind == Kind.FILE ? path : kind.name();
    }
}
