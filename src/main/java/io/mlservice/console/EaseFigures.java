package io.mlservice.console;

import io.mlservice.format.ByteSize;
import io.mlservice.history.TenantResultRow;
import io.mlservice.model.EaseModel;

/**
 * How the console shows EASE^R's held-out figures, the bar a tenant's model is measured against beside popularity,
 * and why one may be missing: one place, so the dashboard's cards and the training history say it alike.
 */
public final class EaseFigures {
    /** What stands where EASE^R was not measured. */
    public static final String NOT_MEASURED = "not measured";

    private EaseFigures() {
    }

    /** A figure with three decimals, or {@value #NOT_MEASURED}. */
    public static String figure(double value) {
        return Double.isNaN(value) ? NOT_MEASURED : Formats.metric(value);
    }

    /**
     * A history row's "AUC / precision@10 / recall@10" of EASE^R; "–" when the row has no training to compare
     * with (too little data, a failure before a model existed), {@value #NOT_MEASURED} when EASE^R was not measured.
     */
    public static String ofResult(TenantResultRow row) {
        if (row.easeMeasured()) {
            return Formats.metric(row.easeAuc()) + " / " + Formats.metric(row.easePrecision10()) + " / "
                    + Formats.metric(row.easeRecall10());
        }
        return trained(row) ? NOT_MEASURED : "–";
    }

    /** Why a history row has no EASE^R figures, for its tooltip; null when it has them or had no training. */
    public static String whyNotMeasured(TenantResultRow row) {
        return row.easeMeasured() || !trained(row) ? null : whyNotMeasured(row.items());
    }

    /**
     * Why EASE^R has no figure for a training on {@code items} items (0 when unknown): the ways it comes about,
     * since the figure alone does not say which; the service log names the first when it happens.
     */
    public static String whyNotMeasured(int items) {
        String need = items > 0
                ? " (for " + Formats.count(items) + " items it needs about " + ByteSize.text(EaseModel.bytesToFit(items))
                + ")"
                : "";
        return "EASE^R was not measured on this training's split. It is skipped when its item × item matrices would "
                + "not fit in the service's heap" + need + ", which the service log then says. A warm retrain "
                + "does not measure it (it is measured at each full search), and trainings from before the service "
                + "measured EASE^R have no figure either.";
    }

    /** A row of a training that reported held-out figures (whether or not its model went on to serve). */
    private static boolean trained(TenantResultRow row) {
        return !Double.isNaN(row.auc()) || !Double.isNaN(row.precision10());
    }
}
