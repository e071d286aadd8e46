package io.mlservice.model;

import io.mlservice.data.Dataset;
import io.mlservice.data.Interactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.CancellationException;

/**
 * Trains one tenant end to end: a seeded 80/20 split, the hyper-parameter search (or a fixed configuration), the
 * held-out report beside the popularity and EASE^R baselines on the same split, and the final fit on all
 * interactions. Where EASE^R runs, its weights, pruned, join the factor model's scores at a weight chosen on
 * held-out users ({@link ItemItemTrainer}); the held-out figure reported is that of the blend as served.
 */
public final class TenantTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(TenantTrainer.class);
    /** The search's share of the progress shown; the final fit takes the rest. */
    private static final double SEARCH_SHARE = 0.9;
    /** Share of the interactions held out to report on; the same share of the rest is EASE^R's validation split. */
    private static final double HELD_OUT_SHARE = 0.2;
    /**
     * Epochs the search's winner goes on learning from all interactions. Measured on the 100k demo: a run trained
     * on 64% of the data and continued 2 epochs on 80% ranks the held-out part as well as a refit from scratch on
     * the 80%.
     */
    static final int CONTINUED_EPOCHS = 2;
    /**
     * Users sampled to score a search epoch, an EASE^R penalty or a warm epoch: enough to rank candidates, while the
     * report's figures use all of {@link Options#evaluationUsers()}.
     */
    static final int SCORING_USERS = 2000;

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

        /** Users a search epoch, an EASE^R penalty or a warm epoch is scored on: {@link TenantTrainer#SCORING_USERS} at most. */
        public int scoringUsers() {
            return evaluationUsers <= 0 ? SCORING_USERS : Math.min(evaluationUsers, SCORING_USERS);
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
        Interactions.Split split = data.interactions().split(HELD_OUT_SHARE, options.seed());
        Interactions.Split inner = split.train().split(HELD_OUT_SHARE, options.seed() + 1);
        Evaluator evaluator = new Evaluator(split.train(), split.test(), 10, options.evaluationUsers(),
                options.seed());
        Metrics popularity = evaluator.evaluate(new PopularityScorer(split.train()));

        listener.phase(TrainingPhase.SEARCH);
        TrainingListener searching = scaled(listener, 0.0, SEARCH_SHARE);
        TrainingListener finishing = scaled(listener, SEARCH_SHARE, 1.0);
        Outcome outcome = options.fixed() != null
                ? fixed(data, split, inner, evaluator, popularity, searching, finishing)
                : searched(data, split, inner, evaluator, popularity, searching, finishing);
        TrainingReport report = new TrainingReport(algorithm, outcome.chosen(), outcome.heldOut(), popularity,
                outcome.ease(), outcome.epochsSpent(), outcome.candidates(), clock.instant().getEpochSecond(),
                clock.millis() - started);
        return new TenantModel(data.tenant(), data.userIds(), data.itemIds(), data.itemTypes(),
                data.userFeatures(), data.itemFeatures(), data.interactions(), outcome.model(), report,
                outcome.itemItem());
    }

    /** What a training produced, beside the popularity baseline. */
    private record Outcome(HyperParameters chosen, HybridModel model, Metrics heldOut, Metrics ease,
                           int epochsSpent, int candidates, ItemItemBlend itemItem) {
    }

    /** The served blend's held-out figures and the item-item part fitted on all interactions. */
    private record Blended(Metrics heldOut, ItemItemBlend itemItem) {
    }

    /**
     * Blends EASE^R's pruned weights into the factor model's scores when EASE^R ran and the blend ranks the
     * held-out users better; otherwise the factor model alone, with its own figures. A factor model that ranks no
     * better than popularity by AUC gets no item-item part: it is what serves new users, explanations and similar
     * items, so a failed factor training must show in the figures (and meet the service's floor) rather than be
     * carried by EASE^R.
     */
    private Blended blend(Dataset data, Interactions.Split split, HybridModel trained, EaseBaseline.Result ease,
                          Evaluator evaluator, Metrics popularity, TrainingListener listener) {
        ItemScorer factor = new ModelScorer(trained, data.userFeatures(), data.itemFeatures());
        if (!ease.ran()) {
            return new Blended(evaluator.evaluate(factor), ItemItemBlend.NONE);
        }
        Metrics factorOnly = evaluator.evaluate(factor);
        if (!(factorOnly.auc() > popularity.auc())) {
            LOG.warn("Tenant {}: the factor model alone ranks no better than popularity ({}); no item-item part",
                    data.tenant(), factorOnly.describe());
            return new Blended(factorOnly, ItemItemBlend.NONE);
        }
        if (listener.cancelRequested()) {
            throw new CancellationException("training cancelled");
        }
        long started = clock.millis();
        ItemItemTrainer itemItem = new ItemItemTrainer(options.threads());
        ItemItemTrainer.Choice choice = itemItem.choose(factor, ease.model(), split.train(), evaluator);
        ItemItemBlend served = itemItem.fit(data.interactions(), ease.lambda(), split.train().size(),
                choice.weight());
        Blended blended = served.present() ? new Blended(choice.heldOut(), served)
                : new Blended(choice.factorOnly(), ItemItemBlend.NONE);
        LOG.info("Tenant {}: factor model alone {}; served {}: {} in {} ms", data.tenant(),
                choice.factorOnly().describe(), served.describe(), blended.heldOut().describe(),
                clock.millis() - started);
        return blended;
    }

    /**
     * The search scores every epoch on the held-out part and reports its best (configuration, epoch); EASE^R's
     * penalty is chosen on a validation split inside the training part. The winner, set back to its best epoch,
     * then goes on learning from all interactions for a few epochs instead of a refit from scratch.
     */
    private Outcome searched(Dataset data, Interactions.Split split, Interactions.Split inner, Evaluator evaluator,
                             Metrics popularity, TrainingListener searching, TrainingListener finishing) {
        HyperParameterSearch search = new HyperParameterSearch(HyperParameterSearch.defaultCandidates(
                options.alpha()), options.threads(), options.seed(), options.scoringUsers());
        try (HyperParameterSearch.Result found = search.run(data.userFeatures(), data.itemFeatures(), split,
                searching)) {
            finishing.phase(TrainingPhase.EVALUATE);
            EaseBaseline.Result ease = easeBaseline(data.tenant(), split, inner, evaluator, finishing);
            Blended blended = blend(data, split, found.bestModel(), ease, evaluator, popularity, finishing);

            finishing.phase(TrainingPhase.FINAL_FIT);
            TrainingRun winner = found.winner();
            winner.continueOn(data.interactions());
            for (int e = 0; e < CONTINUED_EPOCHS; e++) {
                EpochStats stats = winner.runEpoch();
                finishing.epoch(-1, winner.hyperParameters(), stats, Metrics.NONE, (e + 1.0) / CONTINUED_EPOCHS);
            }
            HyperParameters chosen = winner.hyperParameters().withEpochs(winner.epochsDone());
            return new Outcome(chosen, winner.snapshot(), blended.heldOut(), ease.heldOut(),
                    found.epochsSpent() + CONTINUED_EPOCHS, found.traces().size(), blended.itemItem());
        }
    }

    /** A fixed configuration trains exactly its epochs on the training part, then again on all interactions. */
    private Outcome fixed(Dataset data, Interactions.Split split, Interactions.Split inner, Evaluator evaluator,
                          Metrics popularity, TrainingListener searching, TrainingListener finishing) {
        HyperParameters hp = options.fixed();
        HybridModel trained = trainEpochs(data, split.train(), hp, options.seed(), 0, searching);
        finishing.phase(TrainingPhase.EVALUATE);
        EaseBaseline.Result ease = easeBaseline(data.tenant(), split, inner, evaluator, finishing);
        Blended blended = blend(data, split, trained, ease, evaluator, popularity, finishing);
        finishing.phase(TrainingPhase.FINAL_FIT);
        HybridModel model = trainEpochs(data, data.interactions(), hp, options.seed() + 1000, -1, finishing);
        return new Outcome(hp, model, blended.heldOut(), ease.heldOut(), 2 * hp.epochs(), 1, blended.itemItem());
    }

    private EaseBaseline.Result easeBaseline(String tenant, Interactions.Split split, Interactions.Split inner,
                                 Evaluator evaluator, TrainingListener listener) {
        if (listener.cancelRequested()) {
            throw new CancellationException("training cancelled");
        }
        long started = clock.millis();
        EaseBaseline.Result result = new EaseBaseline(options.threads(), options.seed(),
                options.scoringUsers()).run(split, inner, evaluator);
        if (result.ran()) {
            LOG.info("Tenant {}: EASE^R (lambda {}) {} in {} ms", tenant, Math.round(result.lambda()),
                    result.heldOut().describe(), clock.millis() - started);
        } else {
            LOG.warn("Tenant {}: {}", tenant, result.skipped());
        }
        return result;
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
}
