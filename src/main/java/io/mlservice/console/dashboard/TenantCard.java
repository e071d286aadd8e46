package io.mlservice.console.dashboard;

import io.mlservice.history.TenantOutcome;
import io.mlservice.model.TenantModel;
import io.mlservice.model.TrainingReport;
import io.mlservice.history.CycleRow;
import io.mlservice.history.TenantResultRow;
import io.mlservice.serving.ModelRegistry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One tenant's model as the dashboard shows it: what serves now (the registry) with the numbers the history kept
 * for the cycle that trained it. Counts are 0 and metrics NaN where unknown.
 *
 * @param trainedAt    when the serving model was trained; null when the tenant has no model
 * @param servingSince when the registry started serving this entry
 * @param message      why there is no model (untrained tenants); null otherwise
 * @param note         what the newest cycle did when it did not replace the serving model; null otherwise
 */
public record TenantCard(String tenant, boolean trained, Instant trainedAt, Instant servingSince, String algorithm,
                         int users, int items, int interactions, double precision10, double popularityPrecision10,
                         double auc, String message, String note) {

    /** One past cycle with its tenants' results, as read from the history. */
    record CycleResults(CycleRow cycle, List<TenantResultRow> tenants) {
    }

    /** The cards of every served tenant, by tenant id (numbers in numeric order). */
    static List<TenantCard> of(ModelRegistry.Snapshot snapshot, List<CycleResults> newestFirst) {
        List<TenantCard> cards = new ArrayList<>();
        for (ModelRegistry.Entry entry : snapshot.tenants().values()) {
            cards.add(of(entry, newestFirst));
        }
        cards.sort(Comparator.comparing((TenantCard c) -> c.tenant().length()).thenComparing(TenantCard::tenant));
        return cards;
    }

    static TenantCard of(ModelRegistry.Entry entry, List<CycleResults> newestFirst) {
        String tenant = entry.tenant();
        TenantResultRow newest = null;
        TenantResultRow trainedRow = null;
        for (CycleResults c : newestFirst) {
            for (TenantResultRow row : c.tenants()) {
                if (!row.tenant().equals(tenant)) {
                    continue;
                }
                if (newest == null) {
                    newest = row;
                }
                if (trainedRow == null && row.outcome() == TenantOutcome.TRAINED) {
                    trainedRow = row;
                }
            }
        }
        if (!entry.trained()) {
            return new TenantCard(tenant, false, null, entry.since(), newest == null ? "" : newest.algorithm(),
                    newest == null ? 0 : newest.users(), newest == null ? 0 : newest.items(),
                    newest == null ? 0 : newest.interactions(), Double.NaN, Double.NaN, Double.NaN,
                    entry.message(), null);
        }
        String note = newest != null && newest != trainedRow
                ? "The last cycle kept this model: " + newest.message() : null;
        TenantModel model = entry.model();
        TrainingReport report = model.report();
        Instant trainedAt = report.trainedAtEpochSeconds() > 0
                ? Instant.ofEpochSecond(report.trainedAtEpochSeconds()) : entry.since();
        if (trainedRow != null) {
            return new TenantCard(tenant, true, trainedAt, entry.since(), trainedRow.algorithm(), trainedRow.users(),
                    trainedRow.items(), trainedRow.interactions(), trainedRow.precision10(),
                    trainedRow.popularityPrecision10(), trainedRow.auc(), null, note);
        }
        // a model file older than the history's recent cycles: its own report has the same numbers
        return new TenantCard(tenant, true, trainedAt, entry.since(), report.algorithm(), model.userIds().size(),
                model.itemIds().size(), model.interactions().size(), report.heldOut().precision(),
                report.popularity().precision(), report.heldOut().auc(), null, note);
    }
}
