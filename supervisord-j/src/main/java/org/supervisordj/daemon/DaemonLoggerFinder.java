package org.supervisordj.daemon;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.util.ResourceBundle;

import org.supervisordj.config.LogLevel;
import org.supervisordj.logging.Reason;
import org.supervisordj.process.EngineLog;

/**
 * Routes {@link System.Logger} (used by posix/ and logging/, which know nothing of the daemon) to
 * the daemon's own log, so that every line lands in supervisord.log in one format and obeys
 * {@code loglevel=}. Registered as a service, so it is in place before the first message; until
 * {@link #routeTo} is called (and in {@code check}), messages go to stderr at INFO and above.
 */
public final class DaemonLoggerFinder extends System.LoggerFinder {

    /** The daemon's log, or null before it is open. */
    private static volatile Route route;

    private record Route(EngineLog log, LogLevel level) {
    }

    /** Sends every System.Logger message that {@code log}'s loglevel allows to {@code log} from now on. */
    static void routeTo(DaemonLog log) {
        route = new Route(log, log.level());
    }

    /** Back to stderr (the daemon's log is closing). */
    static void unroute() {
        route = null;
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new Bridge(name);
    }

    /** supervisord's level for a System.Logger level; null for OFF. */
    static LogLevel level(System.Logger.Level level) {
        return switch (level) {
            case ERROR -> LogLevel.ERROR;
            case WARNING -> LogLevel.WARN;
            case INFO -> LogLevel.INFO;
            case DEBUG -> LogLevel.DEBUG;
            case TRACE -> LogLevel.TRACE;
            case ALL -> LogLevel.BLATHER;
            case OFF -> null;
        };
    }

    private record Bridge(String name) implements System.Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            LogLevel l = level(level);
            Route r = route;
            return l != null && (r == null ? LogLevel.INFO : r.level()).allows(l);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (!isLoggable(level)) return;
            Route r = route;
            LogLevel l = level(level);
            String text = msg == null ? "" : msg;
            if (thrown != null) {
                // The stack trace is for whoever debugs (loglevel=debug); otherwise the reason alone.
                text += ": " + Reason.of(thrown);
                if (r != null && r.level().allows(LogLevel.DEBUG)) text += "\n" + stackTrace(thrown);
            }
            if (r != null) r.log().log(l, text);
            else System.err.println("supervisord-j: " + DaemonLog.abbreviation(l) + " " + text);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (!isLoggable(level)) return;
            log(level, bundle, params == null || params.length == 0 ? format : MessageFormat.format(format, params),
                    (Throwable) null);
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString().stripTrailing();
    }
}
