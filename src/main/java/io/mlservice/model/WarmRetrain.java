package io.mlservice.model;

import io.mlservice.data.Dataset;
import io.mlservice.data.Interactions;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A cheap retrain: the serving model's configuration and parameters (by feature name, {@link WarmStart}) go on
 * learning from today's interactions for a few epochs, judged on today's pairs the serving model never trained on.
 * The result is kept only when it ranks those at least as well as the serving model does, within the
 * {@link HyperParameterSearch#MIN_GAIN} of AUC the search itself counts as no change (two threads do not reproduce
 * bit for bit, and a few hundred judged users move the AUC by about that much); the caller runs a full search
 * otherwise.
 *
 * <p>The judgement: today's pairs that are not among the serving model's interactions are new; a seeded share of
 * them is held out, and everything else (the pairs it knew and the rest of the new ones) is trained on. Judging on
 * a random share of all of today's pairs would flatter the warm model: the serving model trained on most of them.
 * The optimiser's state starts fresh at a fraction of the chosen learning rate ({@link #RATE_FACTOR}): the model
 * file need not carry the adagrad sums.
 */
public final class WarmRetrain {
    /** Share of the new pairs held out to judge the warm model against the serving one. */
    static final double HELD_OUT_SHARE = 0.2;
    /**
     * Most warm epochs. The training part is all of today's pairs but the held-out share of the new ones (well under
     * 1% of a nightly export), so the best warm epoch is served as it is, with no further epoch on all pairs.
     */
    static final int MAX_EPOCHS = 2;
    /**
     * A further epoch runs only while the last one gained at least {@link HyperParameterSearch#MIN_GAIN} of AUC on
     * the new pairs (the first is measured against the serving model): epochs are spent only where they pay.
     */
    static final int PATIENCE = 1;
    /** Fewer users with held-out new pairs than this cannot tell a warm model from the serving one. */
    static final int MIN_JUDGED_USERS = 20;
    /**
     * The adagrad rate of a warm run as a share of the chosen one: the sums of squared gradients start again at 1,
     * so the full rate would take steps as large as a fresh run's first ones on trained parameters.
     */
    static final double RATE_FACTOR = 0.25;

    private final int threads;
    private final long seed;
    private final int evaluationUsers;
    private final double rateFactor;
    private final Clock clock;

    /**
     * @param evaluationUsers users sampled for judging (0 = all)
     * @param rateFactor      the warm run's adagrad rate as a share of the chosen one
     */
    public WarmRetrain(int threads, long seed, int evaluationUsers, double rateFactor, Clock clock) {
        if (!(rateFactor > 0)) {
            throw new IllegalArgumentException("the rate factor must be positive, was " + rateFactor);
        }
        this.threads = threads;
        this.seed = seed;
        this.evaluationUsers = evaluationUsers;
        this.rateFactor = rateFactor;
        this.clock = clock;
    }

    public WarmRetrain(int threads, long seed, int evaluationUsers, Clock clock) {
        this(threads, seed, evaluationUsers, RATE_FACTOR, clock);
    }

    /**
     * What a warm retrain came to: a model to serve, or none and why the serving model stays ahead.
     *
     * @param serving the serving model's figures on the new held-out pairs (as it starts the warm run)
     * @param warm    the best warm epoch's figures on the same pairs
     */
    public record Result(TenantModel model, String verdict, Metrics serving, Metrics warm) {
        public boolean kept() {
            return model != null;
        }
    }

    /** Retrains {@code data} from the serving model, which {@code start} lines up with today's features. */
    public Result retrain(Dataset data, String algorithm, TenantModel serving, WarmStart start,
                          TrainingListener listener) {
        long started = clock.millis();
        listener.phase(TrainingPhase.PREPARE);
        Interactions.Split split = newPairsHeldOut(data, serving);
        Evaluator evaluator = new Evaluator(split.train(), split.test(), 10, evaluationUsers, seed);
        HyperParameters chosen = serving.report().chosen();
        HyperParameters hp = chosen.schedule() == LearningSchedule.ADAGRAD
                ? chosen.withSchedule(LearningSchedule.ADAGRAD, chosen.learningRate() * rateFactor)
                : chosen;
        try (TrainingRun run = new TrainingRun(data.userFeatures(), data.itemFeatures(), split.train(),
                hp.withEpochs(MAX_EPOCHS), threads, seed, listener::cancelRequested)) {
            start.apply(run);
            listener.phase(TrainingPhase.SEARCH);
            Metrics before = evaluator.evaluate(scorer(run, data));
            if (before.users() < MIN_JUDGED_USERS) {
                return new Result(null, "only " + before.users() + " users have new interactions to judge a warm "
                        + "retrain by (" + MIN_JUDGED_USERS + " needed)", before, Metrics.NONE);
            }
            Best best = warmEpochs(run, data, evaluator, before.auc(), listener);
            if (best.metrics.auc() < before.auc() - HyperParameterSearch.MIN_GAIN) {
                return new Result(null, String.format(Locale.ROOT, "the warm model ranks the new pairs below the serving model "
                        + "(AUC %.4f against %.4f)", best.metrics.auc(), before.auc()), before, best.metrics);
            }
            listener.phase(TrainingPhase.EVALUATE);
            Metrics popularity = evaluator.evaluate(new PopularityScorer(split.train()));
            listener.phase(TrainingPhase.FINAL_FIT);
            run.restore(best.state);
            ItemItemBlend itemItem = itemItem(data, serving);
            TrainingReport report = new TrainingReport(algorithm, chosen, best.metrics, popularity, Metrics.NONE,
                    best.spent, 1, clock.instant().getEpochSecond(), clock.millis() - started,
                    TrainingOrigin.warmFrom(serving.report().origin()));
            TenantModel model = new TenantModel(data.tenant(), data.userIds(), data.itemIds(), data.itemTypes(),
                    data.userFeatures(), data.itemFeatures(), data.interactions(), run.snapshot(), report, itemItem);
            return new Result(model, "kept", before, best.metrics);
        }
    }

    private record Best(Metrics metrics, TrainingCheckpoint state, int spent) {
    }

    /**
     * Warm epochs while the held-out AUC rises (from the serving model's {@code servingAuc}), at most
     * {@link #MAX_EPOCHS}; the best epoch's state.
     */
    private Best warmEpochs(TrainingRun run, Dataset data, Evaluator evaluator, double servingAuc,
                            TrainingListener listener) {
        Metrics best = null;
        TrainingCheckpoint bestState = null;
        double lastGain = servingAuc;
        int lastGainEpoch = 0;
        do {
            EpochStats stats = run.runEpoch();
            Metrics m = evaluator.evaluate(scorer(run, data));
            if (best == null || m.auc() > best.auc()) {
                best = m;
                bestState = run.checkpoint();
            }
            if (m.auc() > lastGain + HyperParameterSearch.MIN_GAIN) {
                lastGain = m.auc();
                lastGainEpoch = stats.epoch();
            }
            listener.epoch(0, run.hyperParameters(), stats, m, run.epochsDone() / (double) MAX_EPOCHS);
        } while (run.epochsDone() < MAX_EPOCHS && run.epochsDone() - lastGainEpoch < PATIENCE);
        return new Best(best, bestState, run.epochsDone());
    }

    /**
     * The serving model's item-item part refit on today's interactions, with its penalty in proportion to the data
     * and its blend weight; none when the serving model has none.
     */
    private ItemItemBlend itemItem(Dataset data, TenantModel serving) {
        ItemItemBlend before = serving.itemItem();
        if (!before.present()) {
            return ItemItemBlend.NONE;
        }
        return new ItemItemTrainer(threads).fit(data.interactions(), before.lambda(), serving.interactions().size(),
                before.weight());
    }

    private static ModelScorer scorer(TrainingRun run, Dataset data) {
        return new ModelScorer(run.snapshot(), data.userFeatures(), data.itemFeatures());
    }

    /**
     * Today's interactions, with a seeded {@link #HELD_OUT_SHARE} of the pairs the serving model did not train on
     * held out; every pair it did train on is in the training part.
     */
    static Interactions.Split newPairsHeldOut(Dataset data, TenantModel serving) {
        long[] known = knownPairs(data, serving);
        Interactions today = data.interactions();
        int[] users = today.users();
        int[] items = today.items();
        int[] train = new int[today.size()];
        int[] test = new int[today.size()];
        int nTrain = 0;
        int nTest = 0;
        SplittableRandom random = new SplittableRandom(0x5EED_0F_4E3L);
        for (int p = 0; p < today.size(); p++) {
            boolean isNew = Arrays.binarySearch(known, key(users[p], items[p], data.itemCount())) < 0;
            if (isNew && random.nextDouble() < HELD_OUT_SHARE) {
                test[nTest++] = p;
            } else {
                train[nTrain++] = p;
            }
        }
        return new Interactions.Split(today.select(Arrays.copyOf(train, nTrain)),
                today.select(Arrays.copyOf(test, nTest)));
    }

    /** The serving model's pairs in today's row numbers, sorted; pairs of users or items gone today are left out. */
    private static long[] knownPairs(Dataset data, TenantModel serving) {
        int[] userToday = todayRows(serving.userIds(), Dataset.indexOf(data.userIds()));
        int[] itemToday = todayRows(serving.itemIds(), Dataset.indexOf(data.itemIds()));
        Interactions before = serving.interactions();
        long[] keys = new long[before.size()];
        int n = 0;
        for (int p = 0; p < before.size(); p++) {
            int u = userToday[before.users()[p]];
            int i = itemToday[before.items()[p]];
            if (u >= 0 && i >= 0) {
                keys[n++] = key(u, i, data.itemCount());
            }
        }
        long[] sorted = Arrays.copyOf(keys, n);
        Arrays.sort(sorted);
        return sorted;
    }

    private static int[] todayRows(List<String> ids, Map<String, Integer> today) {
        int[] rows = new int[ids.size()];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = today.getOrDefault(ids.get(r), -1);
        }
        return rows;
    }

    private static long key(int user, int item, int itemCount) {
        return (long) user * itemCount + item;
    }
}
