package org.supervisordj.daemon;

import java.nio.file.Path;

/**
 * The daemon's usual command line ({@code -c FILE} and supervisord's options, each once) read without
 * picocli: loading picocli for it costs the running daemon ~170 classes, their reflection accessors and
 * annotation proxies (about 3 MB of RSS for the daemon's lifetime). Anything else — help, version,
 * {@code check}, a clustered or repeated option, a value that looks like an option, an unknown
 * word — is left to picocli, so it stays the one place of the messages and the exact rules.
 */
final class PlainArgs {

    private PlainArgs() {
    }

    /** The command {@code args} make, or null when picocli must read them. */
    static DaemonCommand parse(String[] args) {
        DaemonCommand c = new DaemonCommand();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                if (eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
            } else if (a.startsWith("-") && a.length() > 2) {
                name = a.substring(0, 2);
                value = a.charAt(2) == '=' ? a.substring(3) : a.substring(2);
            } else if (!a.startsWith("-") || a.length() < 2) {
                return null;
            }
            if (isFlag(name)) {
                if (value != null || !setFlag(c.overrides, name)) return null;
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("-")) return null;
                value = args[++i];
            }
            try {
                if (!setValue(c, name, value)) return null;
            } catch (Repeated e) {
                return null;
            }
        }
        return c;
    }

    /** Runs it as picocli's execute would: an unexpected exception is printed and exits 1. */
    static int run(DaemonCommand c) {
        try {
            return c.call();
        } catch (Exception e) {
            e.printStackTrace();
            return 1;
        }
    }

    private static boolean isFlag(String name) {
        return switch (name) {
            case "-n", "--nodaemon", "-k", "--nocleanup", "-t", "--strip_ansi", "-s", "--silent" -> true;
            default -> false;
        };
    }

    /** False when the flag was already given (picocli's error to report). */
    private static boolean setFlag(ServerOverrides o, String name) {
        switch (name) {
            case "-n", "--nodaemon" -> {
                if (o.nodaemon) return false;
                o.nodaemon = true;
            }
            case "-k", "--nocleanup" -> {
                if (o.nocleanup) return false;
                o.nocleanup = true;
            }
            case "-t", "--strip_ansi" -> {
                if (o.stripAnsi) return false;
                o.stripAnsi = true;
            }
            default -> {
                if (o.silent) return false;
                o.silent = true;
            }
        }
        return true;
    }

    /** False for an unknown option; throws Repeated for one given twice. */
    private static boolean setValue(DaemonCommand c, String name, String v) {
        ServerOverrides o = c.overrides;
        switch (name) {
            case "-c", "--configuration" -> {
                if (c.configFile != null) return false;
                c.configFile = Path.of(v);
            }
            case "-u", "--user" -> o.user = once(o.user, v);
            case "-m", "--umask" -> o.umask = once(o.umask, v);
            case "-d", "--directory" -> o.directory = once(o.directory, v);
            case "-l", "--logfile" -> o.logfile = once(o.logfile, v);
            case "-y", "--logfile_maxbytes" -> o.logfileMaxbytes = once(o.logfileMaxbytes, v);
            case "-z", "--logfile_backups" -> o.logfileBackups = once(o.logfileBackups, v);
            case "-e", "--loglevel" -> o.loglevel = once(o.loglevel, v);
            case "-j", "--pidfile" -> o.pidfile = once(o.pidfile, v);
            case "-i", "--identifier" -> o.identifier = once(o.identifier, v);
            case "-q", "--childlogdir" -> o.childlogdir = once(o.childlogdir, v);
            case "-a", "--minfds" -> o.minfds = once(o.minfds, v);
            case "--minprocs" -> o.minprocs = once(o.minprocs, v);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static String once(String current, String v) {
        if (current != null) throw Repeated.INSTANCE;
        return v;
    }

    /** An option given twice: picocli's error to report. */
    private static final class Repeated extends RuntimeException {
        static final Repeated INSTANCE = new Repeated();

        private Repeated() {
            super(null, null, false, false);
        }
    }
}
