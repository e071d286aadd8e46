package io.mlservice.service;

import io.mlservice.history.CycleTrigger;
import io.mlservice.history.CycleOutcome;
import java.time.Instant;
import java.util.List;

/**
 * A finished training cycle.
 *
 * @param message  what an administrator should read: the failure or a short summary
 * @param nextDue  when the scheduler runs the next cycle (sooner after a failure), or null when stopping
 */
public record CycleResult(long id, CycleTrigger trigger, Instant started, Instant finished, CycleOutcome outcome,
                          String message, List<TenantResult> tenants, Instant nextDue) {

    public CycleResult {
        tenants = List.copyOf(tenants);
    }

    /** A cycle the service's stop cut short, said so for an administrator. */
    CycleResult stoppedWithTheService() {
        if (outcome != CycleOutcome.CANCELLED) {
            return this;
        }
        return new CycleResult(id, trigger, started, finished, outcome, "the service stopped during the training ("
                + message + ")", tenants, nextDue);
    }

    CycleResult withNextDue(Instant due) {
        return new CycleResult(id, trigger, started, finished, outcome, message, tenants, due);
    }
}
