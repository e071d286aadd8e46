package io.mlservice.model;

import io.mlservice.data.Interactions;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits the item-item part of a tenant's served model and its blend weight: EASE^R's weights (its penalty as the
 * baseline chose it inside the training part) pruned to {@link #NEIGHBOURS} per item, added to the factor model's
 * scores with a weight from {@link #FRACTIONS}. The weight is chosen by cross-fitting on the held-out users: each
 * half's figures are those of the weight the other half chose, so the held-out figure reported for the blend is
 * never that of a weight fitted to the very users it is measured on; the served weight is the one best on all.
 */
final class ItemItemTrainer {
    /** Neighbours kept per item. */
    static final int NEIGHBOURS = 100;
    /**
     * Candidate shares of the item-item term once both terms are brought to the same spread: weight =
     * f / (1 − f) · σ(factor) / σ(item-item). 0 is the factor model alone; below 1, so that the factor model
     * always breaks the item-item part's ties and ranks alone for users without interactions. Measured on the 100k
     * demo export, precision@10 peaks near 0.3 and falls slowly above (0.9 and more rank about as EASE^R alone).
     */
    static final double[] FRACTIONS = {0, 0.1, 0.2, 0.3, 0.45, 0.6};
    /** Users sampled to measure the two terms' spread. */
    private static final int SPREAD_USERS = 256;

    private final int threads;

    ItemItemTrainer(int threads) {
        this.threads = threads;
    }

    /**
     * @param weight  the chosen blend weight (0: the factor model alone)
     * @param heldOut the blend's held-out figures, each half of the users scored at the weight the other chose
     * @param factorOnly the factor model's own held-out figures, for the log
     */
    record Choice(float weight, Metrics heldOut, Metrics factorOnly) {
    }

    /**
     * Chooses the weight of {@code ease}'s pruned weights (fitted on {@code train}) beside {@code factor} (trained
     * on {@code train}) on {@code heldOut}'s users.
     */
    Choice choose(ItemScorer factor, EaseModel ease, Interactions train, Evaluator heldOut) {
        ItemNeighbours neighbours = ItemNeighbours.prune(ease, NEIGHBOURS);
        double ratio = spreadRatio(factor, new ItemItemBlend(neighbours, 1f, ease.lambda()), train);
        List<Evaluator> halves = heldOut.halves();
        int n = FRACTIONS.length;
        float[] weights = new float[n];
        List<List<Metrics>> byHalf = new ArrayList<>();
        for (Evaluator half : halves) {
            List<Metrics> row = new ArrayList<>();
            for (int f = 0; f < n; f++) {
                weights[f] = (float) (FRACTIONS[f] / (1 - FRACTIONS[f]) * ratio);
                ItemItemBlend blend = weights[f] > 0f && Float.isFinite(weights[f])
                        ? new ItemItemBlend(neighbours, weights[f], ease.lambda()) : ItemItemBlend.NONE;
                row.add(half.evaluate(new BlendedScorer(factor, blend, train)));
            }
            byHalf.add(row);
        }
        int first = best(byHalf.get(0));
        int second = best(byHalf.get(1));
        List<Metrics> pooled = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            pooled.add(Metrics.pooled(byHalf.get(0).get(f), byHalf.get(1).get(f)));
        }
        int chosen = best(pooled);

        Metrics crossFitted = Metrics.pooled(byHalf.get(0).get(second), byHalf.get(1).get(first));
        float weight = Float.isFinite(weights[chosen]) ? weights[chosen] : 0f;
        return new Choice(weight, crossFitted, pooled.get(0));
    }

    /**
     * The served item-item part: EASE^R refit on all interactions, its penalty in proportion to the data as the
     * baseline's refit does, pruned, at the chosen weight.
     */
    ItemItemBlend fit(Interactions all, double lambdaOnTrain, int trainSize, float weight) {
        if (!(weight > 0f)) {
            return ItemItemBlend.NONE;
        }
        double lambda = lambdaOnTrain * all.size() / Math.max(1, trainSize);
        EaseModel ease = EaseModel.fit(all, lambda, threads);
        return new ItemItemBlend(ItemNeighbours.prune(ease, NEIGHBOURS), weight, lambda);
    }

    /** Precision decides; AUC breaks ties (small tenants often tie on precision); the earlier (smaller) wins ties. */
    private static int best(List<Metrics> metrics) {
        int best = 0;
        for (int f = 1; f < metrics.size(); f++) {
            if (score(metrics.get(f)) > score(metrics.get(best))) {
                best = f;
            }
        }
        return best;
    }

    private static double score(Metrics m) {
        return Double.isNaN(m.precision()) ? Double.NEGATIVE_INFINITY : m.precision() + 1e-3 * m.auc();
    }

    /** σ(factor scores) / σ(item-item scores) over a spread of users with interactions, all items. */
    private static double spreadRatio(ItemScorer factor, ItemItemBlend unit, Interactions train) {
        Interactions.ByUser rows = train.byUser();
        int users = train.userCount();
        int step = Math.max(1, users / SPREAD_USERS);
        int[] sample = new int[Math.min(users, SPREAD_USERS)];
        int m = 0;
        for (int u = 0; u < users && m < sample.length; u += step) {
            if (rows.count(u) > 0) {
                sample[m++] = u;
            }
        }
        if (m == 0) {
            return 0;
        }
        int n = factor.itemCount();
        float[] factorScores = new float[m * n];
        factor.score(sample, m, factorScores);
        float[] both = new float[m * n];
        new BlendedScorer(factor, unit, train).score(sample, m, both);
        double factorSpread = spread(factorScores, null);
        double itemItemSpread = spread(both, factorScores);
        return itemItemSpread > 0 ? factorSpread / itemItemSpread : 0;
    }

    /** The standard deviation of {@code a − minus} (or of a alone). */
    private static double spread(float[] a, float[] minus) {
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < a.length; i++) {
            double x = minus == null ? a[i] : (double) a[i] - minus[i];
            sum += x;
            squares += x * x;
        }
        double mean = sum / a.length;
        return Math.sqrt(Math.max(0, squares / a.length - mean * mean));
    }
}
