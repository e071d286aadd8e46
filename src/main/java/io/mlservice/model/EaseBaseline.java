package io.mlservice.model;

import io.mlservice.data.Interactions;
import org.ejml.data.FMatrixRMaj;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The strongest simple bar every report shows: EASE^R with its penalty λ chosen on a validation split carved out of
 * the training part (never on the held-out part), refit on the whole training part and scored on the held-out
 * part by the same {@link Evaluator} as the model and popularity. It is skipped, with a message saying why, when
 * its dense item × item matrices would not fit in the heap.
 */
public final class EaseBaseline {
    /** Penalties are tried on a log grid of this step, walking from {@link #FIRST_LAMBDA} towards the better side. */
    static final double STEP = 4.0;
    static final double FIRST_LAMBDA = 250;
    static final double MIN_LAMBDA = 1;
    static final double MAX_LAMBDA = 100_000;
    /** Heap left free beside the matrices for the rest of the training. */
    private static final double HEAP_SHARE = 0.6;

    private final int threads;
    private final long seed;
    private final int evaluationUsers;
    private final LongSupplier heapAvailable;

    /**
     * @param evaluationUsers users sampled when scoring a penalty on the validation split (0 = all)
     * @param heapAvailable   bytes of heap the fit may take (the JVM's maximum heap in production)
     */
    public EaseBaseline(int threads, long seed, int evaluationUsers, LongSupplier heapAvailable) {
        this.threads = threads;
        this.seed = seed;
        this.evaluationUsers = evaluationUsers;
        this.heapAvailable = heapAvailable;
    }

    /** Sized to this JVM's maximum heap. */
    public EaseBaseline(int threads, long seed, int evaluationUsers) {
        this(threads, seed, evaluationUsers, () -> Runtime.getRuntime().maxMemory());
    }

    /**
     * @param lambda  the chosen penalty (NaN when skipped)
     * @param heldOut the held-out metrics of the refit model ({@link Metrics#NONE} when skipped)
     * @param skipped why EASE^R did not run, or null when it did
     * @param model   the refit model (fitted on the training part; null when skipped), for the item-item part of
     *                the served model
     */
    public record Result(double lambda, Metrics heldOut, String skipped, EaseModel model) {
        static Result skipped(String why) {
            return new Result(Double.NaN, Metrics.NONE, why, null);
        }

        public boolean ran() {
            return skipped == null;
        }
    }

    /**
     * Chooses λ on {@code inner} (a split of {@code split.train()}), refits on all of {@code split.train()} and scores
     * on {@code heldOut} (an evaluator of {@code split}).
     */
    public Result run(Interactions.Split split, Interactions.Split inner, Evaluator heldOut) {
        int items = split.train().itemCount();
        long needed = EaseModel.bytesToFit(items);
        if (needed > HEAP_SHARE * heapAvailable.getAsLong()) {
            return Result.skipped(String.format(Locale.ROOT, "EASE^R skipped: %,d items need %s of heap, %s available",
                    items, bytes(needed), bytes((long) (HEAP_SHARE * heapAvailable.getAsLong()))));
        }
        double lambda = chooseLambda(inner);
        // The Gram matrix grows with the data it counts: keep λ in proportion when refitting on the whole part.
        double refitLambda = lambda * split.train().size() / Math.max(1, inner.train().size());
        EaseModel model = EaseModel.fit(split.train(), refitLambda, threads);
        return new Result(refitLambda, heldOut.evaluate(new EaseScorer(model, split.train())), null, model);
    }

    /** Walks the log grid from {@link #FIRST_LAMBDA} in the direction that improves validation precision@10. */
    double chooseLambda(Interactions.Split inner) {
        FMatrixRMaj gram = EaseModel.gram(inner.train());
        Evaluator validation = new Evaluator(inner.train(), inner.test(), 10, evaluationUsers, seed);
        double best = FIRST_LAMBDA;
        double bestScore = score(gram, best, inner, validation);
        double up = best * STEP;
        double upScore = score(gram, up, inner, validation);
        double direction = upScore > bestScore ? STEP : 1 / STEP;
        if (upScore > bestScore) {
            best = up;
            bestScore = upScore;
        }
        for (double next = best * direction; next >= MIN_LAMBDA && next <= MAX_LAMBDA; next *= direction) {
            double s = score(gram, next, inner, validation);
            if (s <= bestScore) {
                break;
            }
            best = next;
            bestScore = s;
        }
        return best;
    }

    private double score(FMatrixRMaj gram, double lambda, Interactions.Split inner, Evaluator validation) {
        EaseModel model = EaseModel.fromGram(gram, lambda, threads);
        Metrics m = validation.evaluate(new EaseScorer(model, inner.train()));
        // Precision decides; AUC breaks ties (small tenants often tie on precision).
        return m.precision() + 1e-3 * m.auc();
    }

    private static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
        }
        return n >= 1L << 20 ? (n >> 20) + " MiB" : (n >> 10) + " KiB";
    }
}
