package io.mlservice.training;

import io.mlservice.data.Dataset;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.TenantModel;
import io.mlservice.model.TrainingOrigin;
import io.mlservice.model.WarmStart;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Chooses between a warm retrain from the serving model and a full search: warm when a model serves, was trained
 * with the same algorithm, configuration and features, its last full search is younger than
 * {@link #fullSearchEvery} and the interactions have not grown by more than {@link #growthShare} since; a full
 * search otherwise. The facts it reads travel in the serving model's report ({@link TrainingOrigin}), so the
 * choice survives restarts.
 *
 * @param fullSearchEvery the most time between full searches; zero: every training is a full search
 * @param growthShare     a full search runs when the interactions grew by more than this share (0.2 = 20%)
 */
public record RetrainPolicy(Duration fullSearchEvery, double growthShare) {

    public RetrainPolicy {
        if (fullSearchEvery.isNegative()) {
            throw new IllegalArgumentException("the full-search interval must not be negative");
        }
        if (!(growthShare >= 0)) {
            throw new IllegalArgumentException("the growth share must not be negative, was " + growthShare);
        }
    }

    /** A full search every week or after 20% more interactions; warm retrains in between. */
    public static RetrainPolicy defaults() {
        return new RetrainPolicy(Duration.ofDays(7), 0.2);
    }

    /** Every training a full search, as before warm retrains. */
    public static RetrainPolicy alwaysFull() {
        return new RetrainPolicy(Duration.ZERO, 0);
    }

    /**
     * What to do and why, in words for the log.
     *
     * @param start the serving model lined up with today's features, for a warm retrain (null for a full search)
     */
    public record Decision(boolean warm, String reason, WarmStart start) {
        static Decision full(String reason) {
            return new Decision(false, reason, null);
        }
    }

    /**
     * @param serving   the model serving the tenant, or null
     * @param algorithm today's algorithm id
     * @param fixed     today's fixed configuration, or null when the configuration is searched
     */
    public Decision decide(TenantModel serving, Dataset today, String algorithm, HyperParameters fixed,
                           Instant now) {
        if (serving == null || serving.report() == null) {
            return Decision.full("no model serves this tenant");
        }
        if (fullSearchEvery.isZero()) {
            return Decision.full("warm retrains are off");
        }
        if (!serving.report().algorithm().equals(algorithm)) {
            return Decision.full("the algorithm changed from " + serving.report().algorithm() + " to " + algorithm);
        }
        HyperParameters chosen = serving.report().chosen();
        if (fixed != null && !fixed.withEpochs(chosen.epochs()).equals(chosen)) {
            return Decision.full("the configuration changed to " + fixed.describe());
        }
        TrainingOrigin origin = serving.report().origin();
        Duration age = Duration.between(Instant.ofEpochSecond(origin.fullSearchAtEpochSeconds()), now);
        if (age.compareTo(fullSearchEvery) >= 0) {
            return Decision.full("the last full search is " + hours(age) + " old (one at least every "
                    + hours(fullSearchEvery) + ")");
        }
        int before = origin.fullSearchInteractions() > 0 ? origin.fullSearchInteractions()
                : serving.interactions().size();
        double growth = today.interactions().size() / (double) before - 1;
        if (growth > growthShare) {
            return Decision.full(String.format(Locale.ROOT,
                    "the interactions grew by %.1f%% since the last full search (%,d to %,d; more than %.0f%%)",
                    100 * growth, before, today.interactions().size(), 100 * growthShare));
        }
        WarmStart start = WarmStart.of(serving, today.userFeatures(), today.itemFeatures());
        if (start.obstacle().isPresent()) {
            return Decision.full(start.obstacle().get());
        }
        return new Decision(true, String.format(Locale.ROOT,
                "the last full search is %s old and the interactions grew by %.1f%% since (%s)", hours(age),
                100 * growth, start.describe()), start);
    }

    private static String hours(Duration d) {
        long h = d.toHours();
        return h >= 48 ? (h / 24) + " days" : h + " h";
    }
}
