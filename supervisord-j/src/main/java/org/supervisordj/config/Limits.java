package org.supervisordj.config;

/**
 * The bounds every configuration load stays within (docs/configuration.md, "Limits"). A reload runs
 * inside the daemon, on a thread with a 512 KiB stack and a 128 MB heap shared with the running
 * programs' state, and its values reach native code (getpwnam, posix_spawn): input beyond these
 * bounds is a located error, never an OutOfMemoryError, a hang or a crashed JVM. supervisord has
 * none of them; each is far above what real configurations use (the corpus's largest file is 11 KB).
 */
final class Limits {
    /** Bytes of one file. */
    static final int FILE_BYTES = 1 << 20;
    /** Bytes of all files of one load together. */
    static final long TOTAL_BYTES = 4L << 20;
    /** Files read in one load: the root plus its includes. */
    static final int FILES = 1024;
    /**
     * Characters of one line, of one value with its continuation lines, and of one value after
     * expansion: Linux's MAX_ARG_STRLEN (128 KiB), beyond which execve refuses an argument or an
     * environment entry anyway.
     */
    static final int VALUE_CHARS = 128 * 1024;
    /**
     * Section headers in all files together: room for {@link #PROCESSES} one-process programs
     * together with their groups and the daemon's own sections.
     */
    static final int SECTIONS = 20_000;
    /** {@code key = value} lines in all files together. */
    static final int OPTIONS = 100_000;
    /** Processes, all programs and numprocs together. */
    static final int PROCESSES = 10_000;
    /** Characters produced by % expansion in one load (per-process values are expanded numprocs times). */
    static final long EXPANDED_CHARS = 32L << 20;
    /** Bytes of a user or group name: LOGIN_NAME_MAX, NUL included, is 256 on Linux. */
    static final int NAME_BYTES = 255;
    /** Bytes of a path: PATH_MAX, NUL included, is 4096 on Linux. */
    static final int PATH_BYTES = 4095;
    /** Problems reported in detail; the rest are counted in one last line. */
    static final int PROBLEMS = 200;
    /** Characters of a value quoted in a message. */
    static final int QUOTED_CHARS = 80;

    private Limits() {
    }

    /** Returns text fit for a message: cut to {@link #QUOTED_CHARS} with the full length said. */
    static String quoted(String text) {
        if (text.length() <= QUOTED_CHARS) return text;
        return text.substring(0, QUOTED_CHARS) + "…(" + text.length() + " characters)";
    }
}
