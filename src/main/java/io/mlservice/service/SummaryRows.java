package io.mlservice.service;

import io.mlservice.history.CycleOutcome;
import io.mlservice.history.TenantResultRow;
import io.mlservice.history.TrainSummaryLog;
import java.time.Instant;
import java.util.List;

/** A cycle's tenants and end as history rows and as the rows of {@code train_summary.log}. */
final class SummaryRows {
    private SummaryRows() {
    }

    /**
     * A tenant's row, written as soon as the tenant's part of the cycle ends. Every row of a cycle carries the
     * cycle's start, so that the summary of the last cycle finds them together.
     */
    static TrainSummaryLog.Row tenantRow(Instant cycleStarted, TenantResult tenant, String algorithm) {
        return TrainSummaryLog.Row.of(cycleStarted, historyRow(tenant, algorithm));
    }

    /**
     * What the end of a cycle adds to the tenants' rows: one row for {@code all} when no tenant ran (a failed
     * download or export) or the cycle was cancelled, else nothing.
     */
    static List<TrainSummaryLog.Row> closing(CycleResult cycle, String algorithm) {
        if (cycle.tenants().isEmpty() || cycle.outcome() == CycleOutcome.CANCELLED) {
            return List.of(TrainSummaryLog.Row.downloadFailed(cycle.started(), algorithm,
                    cycle.outcome().id() + ": " + cycle.message()));
        }
        return List.of();
    }

    static TenantResultRow historyRow(TenantResult r, String algorithm) {
        if (r.report() != null) {
            return TenantResultRow.fromReport(r.tenant(), r.outcome(), r.message(), r.users(), r.items(),
                    r.interactions(), r.report(), r.modelFile());
        }
        return TenantResultRow.withoutModel(r.tenant(), r.outcome(), r.message(), algorithm, r.users(),
                r.items(), r.interactions());
    }
}
