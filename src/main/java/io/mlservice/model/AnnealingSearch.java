package io.mlservice.model;

import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.Interactions;

import java.util.SplittableRandom;

/**
 * The original service's search, kept as the yardstick for {@link HyperParameterSearch}: simulated annealing over
 * epochs (1–20) and components (25–100), each candidate trained from scratch with adadelta and scored by held-out
 * AUC. Its cost is the sum of every candidate's epochs.
 */
public final class AnnealingSearch {
    private static final int MIN_EPOCHS = 1;
    private static final int MAX_EPOCHS = 20;
    private static final int MIN_COMPONENTS = 25;
    private static final int MAX_COMPONENTS = 100;

    private final int iterations;
    private final double alpha;
    private final int threads;
    private final long seed;
    private final int evaluationUsers;

    public AnnealingSearch(int iterations, double alpha, int threads, long seed, int evaluationUsers) {
        this.iterations = iterations;
        this.alpha = alpha;
        this.threads = threads;
        this.seed = seed;
        this.evaluationUsers = evaluationUsers;
    }

    public record Result(HyperParameters best, double bestAuc, int epochsSpent, int fits) {
    }

    public Result run(FeatureMatrix users, FeatureMatrix items, Interactions.Split split) {
        SplittableRandom random = new SplittableRandom(seed);
        Evaluator evaluator = new Evaluator(split.train(), split.test(), 10, evaluationUsers, seed);
        int epochs = MIN_EPOCHS + random.nextInt(MAX_EPOCHS - MIN_EPOCHS + 1);
        int components = MIN_COMPONENTS + random.nextInt(MAX_COMPONENTS - MIN_COMPONENTS + 1);
        double current = fit(users, items, split, epochs, components, evaluator, random.nextLong());
        int spent = epochs;
        int bestEpochs = epochs;
        int bestComponents = components;
        double best = current;
        double temperature = 0.02;
        for (int it = 0; it < iterations; it++) {
            int e = clamp(epochs + random.nextInt(7) - 3, MIN_EPOCHS, MAX_EPOCHS);
            int c = clamp(components + random.nextInt(31) - 15, MIN_COMPONENTS, MAX_COMPONENTS);
            double auc = fit(users, items, split, e, c, evaluator, random.nextLong());
            spent += e;
            if (auc > current || random.nextDouble() < Math.exp((auc - current) / temperature)) {
                epochs = e;
                components = c;
                current = auc;
            }
            if (auc > best) {
                best = auc;
                bestEpochs = e;
                bestComponents = c;
            }
            temperature *= 0.9;
        }
        // The original refits the best point on all the data: one more training of bestEpochs.
        spent += bestEpochs;
        return new Result(HyperParameters.original(bestComponents, bestEpochs, alpha > 0).withAlpha(alpha, alpha),
                best, spent, iterations + 2);
    }

    private double fit(FeatureMatrix users, FeatureMatrix items, Interactions.Split split, int epochs,
                       int components, Evaluator evaluator, long runSeed) {
        HyperParameters hp = HyperParameters.original(components, epochs, alpha > 0).withAlpha(alpha, alpha);
        try (TrainingRun run = new TrainingRun(users, items, split.train(), hp, threads, runSeed)) {
            for (int e = 0; e < epochs; e++) {
                run.runEpoch();
            }
            double auc = evaluator.evaluate(new ModelScorer(run.snapshot(), users, items)).auc();
            return Double.isNaN(auc) ? 0 : auc;
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
