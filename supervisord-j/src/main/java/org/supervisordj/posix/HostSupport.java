package org.supervisordj.posix;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses, before anything is spawned, the hosts this native layer was not written for. Without
 * this, glibc before 2.34 (no {@code posix_spawn_file_actions_addclosefrom_np}) fails every spawn
 * with an UnsatisfiedLinkError deep in the engine, and another architecture gets x86_64's
 * posix_spawn flags and structure sizes (signal and errno numbers come from jnr-constants, but
 * these do not), so programs may look RUNNING without ever having started.
 */
public final class HostSupport {
    static final int GLIBC_MAJOR = 2;
    static final int GLIBC_MINOR = 34;
    private static final Pattern VERSION = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})(\\D.*)?");

    private HostSupport() {
    }

    /** Returns why supervisord-j cannot supervise programs on this host, or null when it can. */
    public static String refusal() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        String early = refusal(os, arch, GLIBC_MAJOR + "." + GLIBC_MINOR);
        if (early != null) return early; // not even loading libc on a machine it was not written for
        return refusal(os, arch, glibcVersion());
    }

    /**
     * The decision over given values: {@code osArch} as Java reports it ("amd64" on x86_64),
     * {@code glibcVersion} as {@code gnu_get_libc_version()} returns it, null when libc is not glibc.
     */
    static String refusal(String osName, String osArch, String glibcVersion) {
        if (!"Linux".equals(osName)) {
            return "supervisord-j runs on Linux only; this system is " + osName;
        }
        if (!"amd64".equals(osArch) && !"x86_64".equals(osArch)) {
            return "supervisord-j runs on x86_64 only (its posix_spawn flags and structure sizes are "
                    + "x86_64 glibc's); this machine is " + osArch;
        }
        String needs = "supervisord-j needs glibc " + GLIBC_MAJOR + "." + GLIBC_MINOR
                + " or newer (for posix_spawn_file_actions_addclosefrom_np, which keeps the daemon's "
                + "descriptors out of its programs)";
        if (glibcVersion == null) {
            return needs + "; this system's C library is not glibc";
        }
        Matcher m = VERSION.matcher(glibcVersion);
        if (!m.matches()) {
            return needs + "; this system's glibc reports an unreadable version '" + glibcVersion + "'";
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < GLIBC_MAJOR || (major == GLIBC_MAJOR && minor < GLIBC_MINOR)) {
            return needs + "; this system has glibc " + glibcVersion;
        }
        return null;
    }

    private static String glibcVersion() {
        try {
            return Libc.C.gnu_get_libc_version();
        } catch (LinkageError notGlibc) { // musl has no gnu_get_libc_version; libc failing to load lands here too
            return null;
        }
    }
}
