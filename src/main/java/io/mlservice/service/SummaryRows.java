package io.mlservice.service;

import io.mlservice.history.CycleOutcome;
import io.mlservice.history.TenantResultRow;
import io.mlservice.history.TrainSummaryLog;
import java.util.ArrayList;
import java.util.List;

/** A finished cycle as history rows and as the rows of {@code train_summary.log}. */
final class SummaryRows {
    private SummaryRows() {
    }

    /** One row per tenant, or one for {@code all} when no tenant ran (a failed download) or the cycle stopped. */
    static List<TrainSummaryLog.Row> of(CycleResult cycle, String algorithm) {
        List<TrainSummaryLog.Row> rows = new ArrayList<>();
        for (TenantResult t : cycle.tenants()) {
            rows.add(TrainSummaryLog.Row.of(cycle.finished(), historyRow(t, algorithm)));
        }
        if (rows.isEmpty() || cycle.outcome() == CycleOutcome.CANCELLED) {
            rows.add(TrainSummaryLog.Row.downloadFailed(cycle.finished(), algorithm,
                    cycle.outcome().id() + ": " + cycle.message()));
        }
        return rows;
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
