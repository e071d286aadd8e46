package io.mlservice.totara;

import java.util.Locale;

/** The original service's {@code ML_RECOMMENDATION_ALGORITHM} values: which features the model is built on. */
public enum Algorithm {
    /** Identity features only: plain matrix factorisation. */
    MF,
    /** Item components and topics, user profile columns. */
    PARTIAL,
    /** {@link #PARTIAL} plus TF-IDF of item documents and of user city + description. */
    HYBRID;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Algorithm parse(String text) {
        for (Algorithm a : values()) {
            if (a.id().equalsIgnoreCase(text.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown algorithm '" + text + "': expected mf, partial or hybrid");
    }
}
