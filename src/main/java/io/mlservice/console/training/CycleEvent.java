package io.mlservice.console.training;

import io.mlservice.history.CycleTrigger;
import io.mlservice.history.EpochRow;
import io.mlservice.model.TrainingPhase;
import io.mlservice.service.CycleResult;
import io.mlservice.service.TenantResult;

import java.time.Instant;
import java.util.List;

/** What the service reported about a cycle, queued on its threads and applied on the UI thread in order. */
sealed interface CycleEvent {

    long cycleId();

    /** A cycle started; {@code knownTenants} are those served before it. */
    record Started(long cycleId, CycleTrigger trigger, Instant at, List<String> knownTenants) implements CycleEvent {
    }

    /** The cycle ({@code tenant} null) or one tenant entered a phase. */
    record Phase(long cycleId, String tenant, TrainingPhase phase, Instant at) implements CycleEvent {
    }

    /** One epoch of one configuration; {@code fraction} is the tenant's training progress. */
    record Epoch(long cycleId, EpochRow row, double fraction, Instant at) implements CycleEvent {
    }

    record TenantDone(long cycleId, TenantResult result) implements CycleEvent {
    }

    record Finished(CycleResult result) implements CycleEvent {
        @Override
        public long cycleId() {
            return result.id();
        }
    }
}
