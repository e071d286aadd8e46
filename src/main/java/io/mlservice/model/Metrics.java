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

    /** The means over the users of both (two disjoint sets of users scored at the same k). */
    public static Metrics pooled(Metrics a, Metrics b) {
        if (a.users() == 0) {
            return b;
        }
        if (b.users() == 0) {
            return a;
        }
        int users = a.users() + b.users();
        return new Metrics((a.auc() * a.users() + b.auc() * b.users()) / users,
                (a.precision() * a.users() + b.precision() * b.users()) / users,
                (a.recall() * a.users() + b.recall() * b.users()) / users, a.k(), users);
    }
}
