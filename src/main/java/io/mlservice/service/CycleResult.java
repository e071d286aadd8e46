package io.mlservice.service;

import java.time.Instant;
import java.util.List;

/**
 * A finished training cycle.
 *
 * @param message  what an administrator should read: the failure or a short summary
 * @param nextDue  when the scheduler runs the next cycle (sooner after a failure), or null when stopping
 */
public record CycleResult(long id, String trigger, Instant started, Instant finished, Outcome outcome,
                          String message, List<TenantResult> tenants, Instant nextDue) {

    public CycleResult {
        tenants = List.copyOf(tenants);
    }

    /** How the cycle as a whole went. */
    public enum Outcome {
        /** Every tenant trained (or has too little data and never had a model). */
        OK,
        /** Some tenants kept their previous model or failed. */
        PARTIAL,
        /** Nothing was trained: the export could not be fetched or read, or every tenant failed. */
        FAILED,
        /** Stopped on request; tenants finished before that keep their new models. */
        CANCELLED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    CycleResult withNextDue(Instant due) {
        return new CycleResult(id, trigger, started, finished, outcome, message, tenants, due);
    }
}
