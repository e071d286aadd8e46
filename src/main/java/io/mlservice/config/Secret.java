package io.mlservice.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A secret value (the shared key, a trust store password). Its {@link #toString()} never shows it, so a secret
 * that reaches a log line, an exception message or a settings dump shows as {@code ********}.
 */
public final class Secret {
    private static final String MASK = "********";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        return new Secret(value);
    }

    /** The secret itself: only for signing, verifying and saving the settings file. */
    public String reveal() {
        return value;
    }

    public int length() {
        return value.length();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return MASK;
    }
}
