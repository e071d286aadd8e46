package io.mlservice.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * What an instance does ({@code ML_ROLE}): the trainer trains and serves; a replica only serves the newest model
 * file the trainer wrote into the shared models folder.
 */
public enum Role {
    TRAIN, SERVE;

    /** The setting's text: {@code train} or {@code serve}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of a text {@link #id()} gives. */
    public static Role of(String id) {
        return Arrays.stream(values()).filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no role " + id));
    }
}
