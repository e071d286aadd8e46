package io.mlservice.model;

import java.util.Locale;

/**
 * Held-out ranking quality, means over the evaluated users.
 *
 * @param auc       fraction of (test positive, negative) pairs ranked the right way round
 * @param precision hits in the top {@code k} divided by {@code k}
 * @param recall    hits in the top {@code k} divided by the user's test positives
 * @param users     users with test positives that were evaluated
 */
public record Metrics(double auc, double precision, double recall, int k, int users) {

    public static final Metrics NONE = new Metrics(Double.NaN, Double.NaN, Double.NaN, 0, 0);

    public String describe() {
        return String.format(Locale.ROOT, "AUC %.4f  precision@%d %.4f  recall@%d %.4f  (%d users)",
                auc, k, precision, k, recall, users);
    }
}
