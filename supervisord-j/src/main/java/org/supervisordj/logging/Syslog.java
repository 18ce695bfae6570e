package org.supervisordj.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.supervisordj.posix.UnixDatagramSender;

/**
 * The local syslog socket, spoken to as supervisord 4.2.5 does through Python's {@code syslog.syslog}
 * (glibc's syslog(3) after a default openlog): one datagram per line,
 * {@code <14>Dec  3 19:15:33 supervisord: } + the line, facility user, priority info whatever the
 * level (of a program's output or of the daemon's own log line), no pid. Sends never block: when the socket is missing, nobody reads it or its queue is full,
 * the line is dropped and the first such failure is logged once.
 *
 * <p>The socket is {@code /dev/log} unless the environment variable {@value #SOCKET_VARIABLE} names
 * another, read once when the daemon starts: for containers whose syslog socket is mounted elsewhere,
 * and for tests.
 */
public final class Syslog {

    public static final String SOCKET_VARIABLE = "SUPERVISORDJ_SYSLOG_SOCKET";
    static final String DEFAULT_SOCKET = "/dev/log";

    private static final System.Logger LOG = System.getLogger(Syslog.class.getName());
    private static final byte[] PRIORITY = "<14>".getBytes(StandardCharsets.US_ASCII); // LOG_USER | LOG_INFO
    private static final byte[] TAG = " supervisord: ".getBytes(StandardCharsets.US_ASCII);
    // glibc's "%h %e %T" in the C locale: the day padded with a space
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.US);

    private static volatile Syslog local;

    private final UnixDatagramSender sender;
    private final ZoneId zone = ZoneId.systemDefault();
    private final AtomicBoolean failed = new AtomicBoolean();

    Syslog(String socket) {
        this.sender = new UnixDatagramSender(socket);
    }

    /** Returns this daemon's syslog, its socket taken from the environment on the first call. */
    public static Syslog local() {
        Syslog s = local;
        if (s == null) {
            synchronized (Syslog.class) {
                if (local == null) local = fromEnvironment(System.getenv());
                s = local;
            }
        }
        return s;
    }

    static Syslog fromEnvironment(Map<String, String> env) {
        String socket = env.get(SOCKET_VARIABLE);
        return new Syslog(socket == null || socket.isEmpty() ? DEFAULT_SOCKET : socket);
    }

    /**
     * Sends each line of {@code text} as its own message, between {@code prefix} and {@code suffix}:
     * supervisord's {@code SyslogHandler.emit}, which strips the trailing newlines and then splits on
     * the others, so an empty line in the middle (or a chunk of newlines only) is sent as an empty line.
     */
    public void sendLines(byte[] prefix, ByteBuffer text, byte[] suffix) {
        ByteBuffer t = text.duplicate();
        int end = t.limit();
        while (end > t.position() && t.get(end - 1) == '\n') end--;
        int start = t.position();
        for (int i = start; i <= end; i++) {
            if (i == end || t.get(i) == '\n') {
                send(prefix, t.duplicate().position(start).limit(i), suffix);
                start = i + 1;
            }
        }
    }

    private void send(byte[] prefix, ByteBuffer line, byte[] suffix) {
        byte[] time = TIME.format(ZonedDateTime.now(zone)).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream d = new ByteArrayOutputStream(PRIORITY.length + time.length + TAG.length
                + prefix.length + line.remaining() + suffix.length);
        d.writeBytes(PRIORITY);
        d.writeBytes(time);
        d.writeBytes(TAG);
        d.writeBytes(prefix);
        byte[] bytes = new byte[line.remaining()];
        line.get(bytes);
        d.writeBytes(bytes);
        d.writeBytes(suffix);
        try {
            sender.send(ByteBuffer.wrap(d.toByteArray()));
        } catch (IOException | RuntimeException e) {
            if (failed.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "can't send to syslog through " + sender.address() + " ("
                        + Reason.of(e) + "); output meant for syslog is dropped, and further failures are not logged");
            }
        }
    }
}
