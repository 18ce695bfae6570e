package org.supervisordj.health;

import java.nio.charset.StandardCharsets;

/**
 * One sd_notify datagram, systemd's protocol: newline-separated {@code KEY=value} assignments.
 * Unknown keys (MAINPID=, ERRNO=, FDSTORE=, ...) are ignored, as systemd ignores what it does not use.
 *
 * @param ready     READY=1
 * @param status    STATUS= text, or null when not sent
 * @param watchdog  WATCHDOG=1 (a ping)
 * @param stopping  STOPPING=1
 * @param reloading RELOADING=1
 */
public record NotifyMessage(boolean ready, String status, boolean watchdog, boolean stopping, boolean reloading) {

    /** Longest STATUS= kept: status is shown in one line of ctl status. */
    static final int MAX_STATUS = 200;

    /** Parses one datagram's bytes. */
    public static NotifyMessage parse(byte[] datagram, int length) {
        boolean ready = false;
        boolean watchdog = false;
        boolean stopping = false;
        boolean reloading = false;
        String status = null;
        for (String line : new String(datagram, 0, length, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            switch (key) {
                case "READY" -> ready |= value.equals("1");
                case "WATCHDOG" -> watchdog |= value.equals("1");
                case "STOPPING" -> stopping |= value.equals("1");
                case "RELOADING" -> reloading |= value.equals("1");
                case "STATUS" -> status = printable(value);
                default -> { }
            }
        }
        return new NotifyMessage(ready, status, watchdog, stopping, reloading);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(MAX_STATUS).forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
        return b.toString();
    }
}
