package org.supervisordj.config.deploy;

import java.util.Locale;

/**
 * The checks of {@code check --deploy}. Ids are stable (they are how a finding is silenced, with
 * {@code --skip} or {@code deploy_skip=}); a retired check keeps its number unused.
 */
public enum DeployCheck {
    W001("inline-secret"),
    W002("readable-environment-file"),
    W003("runs-as-root"),
    W004("http-without-tls"),
    W005("weak-http-password"),
    W006("open-socket"),
    W007("workers-without-group-signals"),
    W008("daemonizes-itself"),
    W009("uwsgi-reloads-on-term"),
    W010("server-not-restarted"),
    W011("log-without-rotation");

    private final String slug;

    DeployCheck(String slug) {
        this.slug = slug;
    }

    /** Returns the id operators use: {@code deploy.W003}. */
    public String id() {
        return "deploy." + name();
    }

    /** Returns the short name: {@code runs-as-root}. */
    public String slug() {
        return slug;
    }

    /** Returns the check an operator named as {@code deploy.W003}, {@code W003} or {@code runs-as-root}; null if none. */
    public static DeployCheck named(String text) {
        String t = text.strip();
        for (DeployCheck c : values()) {
            if (t.equalsIgnoreCase(c.id()) || t.equalsIgnoreCase(c.name()) || t.toLowerCase(Locale.ROOT).equals(c.slug)) {
                return c;
            }
        }
        return null;
    }
}
