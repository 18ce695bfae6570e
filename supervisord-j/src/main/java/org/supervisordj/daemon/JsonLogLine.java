package org.supervisordj.daemon;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import org.supervisordj.config.LogLevel;

/**
 * {@code [supervisord] logformat=json}: one daemon log line as one JSON object, for log shippers
 * that want fields rather than supervisord's text. The message stays supervisord's words; what it
 * names is also given as fields: {@code event} and {@code program} for "spawned: 'web' with pid 42"
 * or "exited: web (exit status 1; not expected)", {@code pid}, {@code exit_status}. The messages
 * never hold passwords or environment values, so neither do the fields.
 */
final class JsonLogLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");
    // supervisord's process lines: "word: 'name' ..." or "word: name ..." (gave up, success, exited, stopped).
    private static final Pattern EVENT = Pattern.compile("^([a-z][a-z ]{1,20}): '?([^'\\s]+)'?");
    private static final Pattern PID = Pattern.compile("\\bpid (\\d+)");
    private static final Pattern EXIT = Pattern.compile("\\bexit status (\\d+)");

    private JsonLogLine() {
    }

    /** The JSON object for message at epoch millis {@code at}, without a newline. */
    static String format(long at, LogLevel level, String message, ZoneId zone) {
        StringBuilder sb = new StringBuilder(message.length() + 96);
        sb.append("{\"time\":\"").append(TIME.format(OffsetDateTime.ofInstant(Instant.ofEpochMilli(at), zone)))
                .append("\",\"level\":\"").append(level.name().toLowerCase(Locale.ROOT)).append("\",\"message\":");
        string(sb, message);
        Matcher e = EVENT.matcher(message);
        if (e.find()) {
            sb.append(",\"event\":");
            string(sb, e.group(1));
            sb.append(",\"program\":");
            string(sb, e.group(2));
        }
        Matcher pid = PID.matcher(message);
        if (pid.find()) sb.append(",\"pid\":").append(pid.group(1));
        Matcher exit = EXIT.matcher(message);
        if (exit.find()) sb.append(",\"exit_status\":").append(exit.group(1));
        return sb.append('}').toString();
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, sb);
        sb.append('"');
    }
}
