package io.mlservice.model;

import io.mlservice.data.Dataset;
import io.mlservice.data.Interactions;

import java.time.Clock;
import java.util.List;

/**
 * Trains one tenant end to end: a seeded 80/20 split, the popularity baseline on it, the hyper-parameter search
 * (or a fixed configuration), the held-out report, and the final fit on all interactions.
 */
public final class TenantTrainer {
    /** The search's share of the progress shown; the final fit takes the rest. */
    private static final double SEARCH_SHARE = 0.85;

    private final Options options;
    private final Clock clock;

    /**
     * @param threads         training threads
     * @param seed            seeds the split, the initialisation and the sampling
     * @param fixed           train exactly this configuration instead of searching, or null to search
     * @param alpha           L2 penalty for the searched candidates
     * @param evaluationUsers users sampled for held-out scoring (0 = all)
     */
    public record Options(int threads, long seed, HyperParameters fixed, double alpha, int evaluationUsers) {
        public static Options defaults() {
            return new Options(Math.max(1, Runtime.getRuntime().availableProcessors()), 42L, null, 1e-6, 5000);
        }

        public Options withThreads(int value) {
            return new Options(value, seed, fixed, alpha, evaluationUsers);
        }

        public Options withSeed(long value) {
            return new Options(threads, value, fixed, alpha, evaluationUsers);
        }

        public Options withFixed(HyperParameters value) {
            return new Options(threads, seed, value, alpha, evaluationUsers);
        }
    }

    public TenantTrainer(Options options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    public TenantModel train(Dataset data, String algorithm, TrainingListener listener) {
        long started = clock.millis();
        listener.phase(TrainingPhase.PREPARE);
        Interactions.Split split = data.interactions().split(0.2, options.seed());
        Evaluator evaluator = new Evaluator(split.train(), split.test(), 10, options.evaluationUsers(),
                options.seed());
        Metrics popularity = evaluator.evaluate(new PopularityScorer(split.train()));

        listener.phase(TrainingPhase.SEARCH);
        TrainingListener searching = scaled(listener, 0.0, SEARCH_SHARE);
        HyperParameterSearch.Result found = options.fixed() != null
                ? fixedRun(data, split, searching)
                : new HyperParameterSearch(HyperParameterSearch.defaultCandidates(options.alpha()), options.threads(),
                        options.seed(), Math.min(2000, positiveOrMax(options.evaluationUsers())))
                        .run(data.userFeatures(), data.itemFeatures(), split, searching);

        listener.phase(TrainingPhase.EVALUATE);
        Metrics heldOut = evaluator.evaluate(new ModelScorer(found.bestModel(), data.userFeatures(),
                data.itemFeatures()));

        listener.phase(TrainingPhase.FINAL_FIT);
        HybridModel model = fit(data, found.best(), scaled(listener, SEARCH_SHARE, 1.0));
        TrainingReport report = new TrainingReport(algorithm, found.best(), heldOut, popularity,
                found.epochsSpent() + found.best().epochs(), found.traces().size(),
                clock.instant().getEpochSecond(), clock.millis() - started);
        return new TenantModel(data.tenant(), data.userIds(), data.itemIds(), data.itemTypes(),
                data.userFeatures(), data.itemFeatures(), data.interactions(), model, report);
    }

    /** A fixed configuration still gets its held-out model, trained for exactly its epochs. */
    private HyperParameterSearch.Result fixedRun(Dataset data, Interactions.Split split, TrainingListener listener) {
        HyperParameters hp = options.fixed();
        HybridModel model = trainEpochs(data, split.train(), hp, options.seed(), 0, listener);
        return new HyperParameterSearch.Result(hp, model, Double.NaN, hp.epochs(),
                List.of(new HyperParameterSearch.Trace(hp, List.of(), false)));
    }

    private HybridModel fit(Dataset data, HyperParameters hp, TrainingListener listener) {
        return trainEpochs(data, data.interactions(), hp, options.seed() + 1000, -1, listener);
    }

    private HybridModel trainEpochs(Dataset data, Interactions interactions, HyperParameters hp, long seed,
                                    int candidate, TrainingListener listener) {
        try (TrainingRun run = new TrainingRun(data.userFeatures(), data.itemFeatures(), interactions, hp,
                options.threads(), seed, listener::cancelRequested)) {
            for (int e = 0; e < hp.epochs(); e++) {
                EpochStats stats = run.runEpoch();
                listener.epoch(candidate, hp, stats, Metrics.NONE, (e + 1.0) / hp.epochs());
            }
            return run.snapshot();
        }
    }

    /** Maps a stage's own 0..1 progress onto its share of the whole training. */
    private static TrainingListener scaled(TrainingListener target, double from, double to) {
        return new TrainingListener() {
            @Override
            public void phase(TrainingPhase phase) {
                target.phase(phase);
            }

            @Override
            public void epoch(int candidate, HyperParameters hp, EpochStats stats, Metrics heldOut, double fraction) {
                target.epoch(candidate, hp, stats, heldOut, from + (to - from) * fraction);
            }

            @Override
            public boolean cancelRequested() {
                return target.cancelRequested();
            }
        };
    }

    private static int positiveOrMax(int n) {
        return n <= 0 ? Integer.MAX_VALUE : n;
    }
}
