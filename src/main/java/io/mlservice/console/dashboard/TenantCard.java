package io.mlservice.console.dashboard;

import io.mlservice.console.EaseFigures;
import io.mlservice.history.TenantOutcome;
import io.mlservice.model.TenantModel;
import io.mlservice.model.TrainingOrigin;
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
 * @param trainedAt       when the serving model was trained; null when the tenant has no model
 * @param servingSince    when the registry started serving this entry
 * @param origin          how the serving model came about (a full search, or a warm retrain and the last full search
 *                        behind it); null when the tenant has no model
 * @param easePrecision10 EASE^R's held-out precision@10 on the model's split; NaN when it was not measured
 * @param easeNote        why EASE^R has no figure (a trained model without one); null otherwise
 * @param message         why there is no model (untrained tenants); null otherwise
 * @param note            what the newest cycle did when it did not replace the serving model; null otherwise
 */
public record TenantCard(String tenant, boolean trained, Instant trainedAt, Instant servingSince, String algorithm,
                         TrainingOrigin origin, int users, int items, int interactions, double precision10, double popularityPrecision10,
                         double easePrecision10, String easeNote, double auc, String message, String note) {

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
            return new TenantCard(tenant, false, null, entry.since(), newest == null ? "" : newest.algorithm(), null,
                    newest == null ? 0 : newest.users(), newest == null ? 0 : newest.items(),
                    newest == null ? 0 : newest.interactions(), Double.NaN, Double.NaN, Double.NaN, null,
                    Double.NaN, entry.message(), null);
        }
        String note = newest != null && newest != trainedRow
                ? "The last cycle kept this model: " + newest.message() : null;
        TenantModel model = entry.model();
        TrainingReport report = model.report();
        Instant trainedAt = report.trainedAtEpochSeconds() > 0
                ? Instant.ofEpochSecond(report.trainedAtEpochSeconds()) : entry.since();
        if (trainedRow != null) {
            // rows recorded before the history kept EASE^R: the serving model's own report may have it
            double ease = trainedRow.easeMeasured() ? trainedRow.easePrecision10() : report.ease().precision();
            return new TenantCard(tenant, true, trainedAt, entry.since(), trainedRow.algorithm(), report.origin(),
                    trainedRow.users(),
                    trainedRow.items(), trainedRow.interactions(), trainedRow.precision10(),
                    trainedRow.popularityPrecision10(), ease, easeNote(ease, trainedRow.items()), trainedRow.auc(),
                    null, note);
        }
        // a model file older than the history's recent cycles: its own report has the same numbers
        double ease = report.ease().precision();
        int items = model.itemIds().size();
        return new TenantCard(tenant, true, trainedAt, entry.since(), report.algorithm(), report.origin(),
                model.userIds().size(),
                items, model.interactions().size(), report.heldOut().precision(), report.popularity().precision(),
                ease, easeNote(ease, items), report.heldOut().auc(), null, note);
    }

    private static String easeNote(double ease, int items) {
        return Double.isNaN(ease) ? EaseFigures.whyNotMeasured(items) : null;
    }
}
