package org.supervisordj.config;

import java.util.Set;

/**
 * The options whose values are secrets: messages name their file, line, section and key, never
 * their value, and {@code check --json} masks them unless asked. {@code environment} is on the
 * list because it is where applications' keys and database passwords are passed.
 */
public final class Secrets {
    private static final Set<String> KEYS = Set.of("environment", "password", "keystore_password");
    /** What a masked value reads as. */
    public static final String MASK = "********";

    private Secrets() {
    }

    /** Returns true if the values of option {@code key} must never be shown. */
    public static boolean isSecret(String key) {
        return key != null && KEYS.contains(key);
    }
}
