package io.mlservice.history;

import java.util.Arrays;
import java.util.Locale;

/** How a training cycle went, as the service reports it and the history keeps it. */
public enum CycleOutcome {
    /** Started and not finished yet. */
    RUNNING,
    /** Every tenant trained (or has too little data and never had a model). */
    OK,
    /** Some tenants kept their previous model or failed. */
    PARTIAL,
    /** Nothing was trained: the export could not be fetched or read, or every tenant failed. */
    FAILED,
    /** Stopped on request; tenants finished before that keep their new models. */
    CANCELLED,
    /**
     * Left running when the service last ended without stopping (killed, crashed, power lost); found so when the
     * history is opened again, and retried within minutes.
     */
    INTERRUPTED;

    /** The word the history, the logs and the console use, e.g. {@code partial}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome whose {@link #id()} this is. */
    public static CycleOutcome of(String id) {
        return Ids.parse(CycleOutcome.class, "cycle outcome", id);
    }

    /** Shared by the enums the history stores by their lower-case names. */
    static final class Ids {
        private Ids() {
        }

        static <E extends Enum<E>> E parse(Class<E> type, String what, String id) {
            return Arrays.stream(type.getEnumConstants())
                    .filter(e -> e.name().toLowerCase(Locale.ROOT).equals(id))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown " + what + " '" + id
                            + "' (expected one of " + Arrays.stream(type.getEnumConstants())
                            .map(e -> e.name().toLowerCase(Locale.ROOT)).sorted().toList() + ")"));
        }
    }
}
