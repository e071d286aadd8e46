package io.mlservice.history;

import io.mlservice.model.TrainingReport;

import java.util.Objects;

/**
 * What one cycle did for one tenant. Numbers that do not apply are 0 (counts) or NaN (metrics).
 *
 * @param outcome               {@code trained} (the new model serves), {@code kept} (the previous model keeps
 *                              serving: the training failed or scored below the floor), {@code insufficient}
 *                              (too little data to train) or {@code failed} (no model at all)
 * @param message               what happened, for people
 * @param algorithm             {@code mf}, {@code partial} or {@code hybrid}
 * @param interactions          interactions kept after the export rules
 * @param epochs                epochs of the final fit
 * @param components            embedding size of the final fit
 * @param auc                   held-out AUC of the new model
 * @param precision10           held-out precision at 10
 * @param recall10              held-out recall at 10
 * @param popularityPrecision10 precision at 10 of the popularity baseline on the same split
 * @param easeAuc               held-out AUC of EASE^R on the same split; NaN when it was not measured (skipped for
 *                              too many items, or recorded before the history kept it)
 * @param easePrecision10       EASE^R's precision at 10 on the same split; NaN when not measured
 * @param easeRecall10          EASE^R's recall at 10 on the same split; NaN when not measured
 * @param trainingMillis        wall time of the search and final fit
 * @param hyperParameters       the chosen hyper-parameters, described for people; empty when none
 * @param modelFile             the model file that holds the new model; null when none was written
 */
public record TenantResultRow(
        String tenant,
        TenantOutcome outcome,
        String message,
        String algorithm,
        int users,
        int items,
        int interactions,
        int epochs,
        int components,
        double auc,
        double precision10,
        double recall10,
        double popularityPrecision10,
        double easeAuc,
        double easePrecision10,
        double easeRecall10,
        long trainingMillis,
        String hyperParameters,
        String modelFile) {

    public TenantResultRow {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(outcome, "outcome");
        message = Objects.requireNonNullElse(message, "");
        algorithm = Objects.requireNonNullElse(algorithm, "");
        hyperParameters = Objects.requireNonNullElse(hyperParameters, "");
    }

    /** A tenant that was trained (whether or not its model went on to serve), with the training's report. */
    public static TenantResultRow fromReport(String tenant, TenantOutcome outcome, String message, int users, int items,
                                             int interactions, TrainingReport report, String modelFile) {
        return new TenantResultRow(tenant, outcome, message, report.algorithm(), users, items, interactions,
                report.chosen().epochs(), report.chosen().components(), report.heldOut().auc(),
                report.heldOut().precision(), report.heldOut().recall(), report.popularity().precision(),
                report.ease().auc(), report.ease().precision(), report.ease().recall(), report.trainingMillis(), report.chosen().describe(), modelFile);
    }

    /** A tenant without a training report: too little data, or a failure before any model existed. */
    public static TenantResultRow withoutModel(String tenant, TenantOutcome outcome, String message, String algorithm,
                                               int users, int items, int interactions) {
        return new TenantResultRow(tenant, outcome, message, algorithm, users, items, interactions, 0, 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, "", null);
    }

    /** Whether EASE^R was measured on this result's split (it is skipped when its matrices would not fit). */
    public boolean easeMeasured() {
        return !Double.isNaN(easePrecision10);
    }
}
