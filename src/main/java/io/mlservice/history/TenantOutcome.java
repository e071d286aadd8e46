package io.mlservice.history;

import java.util.Locale;

/** What a training cycle did to one tenant's served model. */
public enum TenantOutcome {
    /** A new model was trained, saved and swapped in. */
    TRAINED,
    /** The previous model keeps serving: the new one failed, fell below the floor, or had too little data. */
    KEPT,
    /** Too little data and no previous model: the tenant answers "not trained". */
    INSUFFICIENT,
    /** Training or saving failed and there was no previous model to keep. */
    FAILED;

    /** The word the history, the logs and the console use, e.g. {@code kept}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome whose {@link #id()} this is. */
    public static TenantOutcome of(String id) {
        return CycleOutcome.Ids.parse(TenantOutcome.class, "tenant outcome", id);
    }
}
