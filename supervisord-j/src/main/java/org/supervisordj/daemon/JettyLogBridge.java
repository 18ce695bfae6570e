package org.supervisordj.daemon;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.supervisordj.config.LogLevel;

/**
 * Sends Jetty's warnings and errors (SLF4J → slf4j-jdk14 → java.util.logging) to the daemon's own
 * log in its format, and drops Jetty's INFO chatter.
 */
final class JettyLogBridge extends Handler {

    /** JUL holds loggers weakly; this keeps the configured one alive. */
    private static Logger jetty;
    private final DaemonLog log;

    private JettyLogBridge(DaemonLog log) {
        this.log = log;
    }

    /** Installs the bridge for the lifetime of the daemon. */
    static synchronized void install(DaemonLog log) {
        jetty = Logger.getLogger("org.eclipse.jetty");
        jetty.setUseParentHandlers(false);
        jetty.setLevel(Level.WARNING);
        for (Handler h : jetty.getHandlers()) jetty.removeHandler(h);
        jetty.addHandler(new JettyLogBridge(log));
    }

    @Override
    public void publish(LogRecord record) {
        LogLevel level = record.getLevel().intValue() >= Level.SEVERE.intValue() ? LogLevel.ERROR : LogLevel.WARN;
        String message = record.getMessage();
        if (record.getThrown() != null) message += ": " + record.getThrown();
        log.log(level, "http: " + message);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
