package org.supervisordj.health;

/**
 * The outcome of one probe.
 *
 * @param ok     true when the probe passed (connected; HTTP 2xx or 3xx)
 * @param detail what was seen, for status and logs: {@code HTTP 503}, {@code connection refused},
 *               {@code timed out after 5 s}
 */
public record ProbeResult(boolean ok, String detail) {

    static ProbeResult passed(String detail) {
        return new ProbeResult(true, detail);
    }

    static ProbeResult failed(String detail) {
        return new ProbeResult(false, detail);
    }
}
