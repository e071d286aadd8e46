package io.mlservice.history;

import java.util.Locale;

/** What started a training cycle. */
public enum CycleTrigger {
    /** The service started without a model to serve. */
    STARTUP,
    /** The regular interval or time of day came round. */
    SCHEDULE,
    /** A failed cycle is tried again. */
    RETRY,
    /** Someone asked for it ("Train now"). */
    MANUAL,
    /** A check found a newer export than the last cycle's ({@code ML_EXPORT_POLL_MINUTES}). */
    EXPORT;

    /** The word the history, the logs and the console use, e.g. {@code schedule}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The trigger whose {@link #id()} this is. */
    public static CycleTrigger of(String id) {
        return CycleOutcome.Ids.parse(CycleTrigger.class, "cycle trigger", id);
    }
}
