package io.mlservice.model;

import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.Interactions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the configuration and the number of epochs by held-out AUC, scoring every epoch of each run instead of
 * retraining per epoch count. All candidates run a few epochs; the better half goes on, each stopping when it has
 * not improved for a while or has reached the epoch limit. The original service's bounds hold: epochs 1–20,
 * components 25–100.
 */
public final class HyperParameterSearch {
    public static final int MAX_EPOCHS = 20;
    static final int FIRST_RUNG = 3;
    static final int PATIENCE = 3;
    static final double MIN_GAIN = 3e-4;

    private final List<HyperParameters> candidates;
    private final int threads;
    private final long seed;
    private final int evaluationUsers;

    /**
     * @param evaluationUsers users sampled to score each epoch (bounds the cost on big tenants)
     */
    public HyperParameterSearch(List<HyperParameters> candidates, int threads, long seed, int evaluationUsers) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates to search");
        }
        this.candidates = List.copyOf(candidates);
        this.threads = threads;
        this.seed = seed;
        this.evaluationUsers = evaluationUsers;
    }

    /**
     * The default candidate set: adagrad at three sizes with {@code alpha}, and the original's own setting
     * (adadelta, alpha 1e-3) at 64 components.
     */
    public static List<HyperParameters> defaultCandidates(double alpha) {
        HyperParameters base = HyperParameters.defaults().withAlpha(alpha, alpha).withEpochs(MAX_EPOCHS);
        return List.of(
                base.withComponents(32),
                base.withComponents(64),
                base.withComponents(100),
                HyperParameters.original(64, MAX_EPOCHS, true));
    }

    /** One candidate's curve: held-out AUC after each epoch it ran. */
    public record Trace(HyperParameters candidate, List<Double> aucByEpoch, boolean stoppedEarly) {
    }

    /**
     * @param best         the winning configuration, its epochs set to the best epoch
     * @param bestModel    the model of that configuration at that epoch, trained on the training part
     * @param epochsSpent  epochs trained across all candidates
     */
    public record Result(HyperParameters best, HybridModel bestModel, double bestAuc, int epochsSpent,
                         List<Trace> traces) {
    }

    public Result run(FeatureMatrix userFeatures, FeatureMatrix itemFeatures, Interactions.Split split,
                      TrainingListener listener) {
        Evaluator evaluator = new Evaluator(split.train(), split.test(), 10, evaluationUsers, seed);
        List<Candidate> running = new ArrayList<>();
        try {
            for (int c = 0; c < candidates.size(); c++) {
                running.add(new Candidate(c, new TrainingRun(userFeatures, itemFeatures, split.train(),
                        candidates.get(c), threads, seed + c, listener::cancelRequested)));
            }
            Progress progress = new Progress(candidates.size());
            for (Candidate c : running) {
                while (c.run.epochsDone() < FIRST_RUNG) {
                    c.step(evaluator, userFeatures, itemFeatures, listener, progress);
                }
            }
            List<Candidate> survivors = new ArrayList<>(running);
            survivors.sort(Comparator.comparingDouble((Candidate c) -> c.bestAuc).reversed());
            List<Candidate> kept = survivors.subList(0, Math.max(1, (survivors.size() + 1) / 2));
            progress.survivors(kept.size());
            for (Candidate c : kept) {
                while (c.run.epochsDone() < MAX_EPOCHS && !c.plateaued()) {
                    c.step(evaluator, userFeatures, itemFeatures, listener, progress);
                }
            }
            Candidate winner = running.stream().max(Comparator.comparingDouble(c -> c.bestAuc)).orElseThrow();
            int spent = running.stream().mapToInt(c -> c.run.epochsDone()).sum();
            List<Trace> traces = new ArrayList<>();
            for (Candidate c : running) {
                traces.add(new Trace(c.run.hyperParameters(), List.copyOf(c.curve),
                        c.run.epochsDone() < MAX_EPOCHS));
            }
            return new Result(winner.run.hyperParameters().withEpochs(winner.bestEpoch), winner.bestModel,
                    winner.bestAuc, spent, traces);
        } finally {
            running.forEach(c -> c.run.close());
        }
    }

    /** Estimates the fraction done from epochs trained against the most the search can spend. */
    private static final class Progress {
        private double budget;
        private int done;

        Progress(int candidates) {
            budget = candidates * FIRST_RUNG + ((candidates + 1) / 2) * (MAX_EPOCHS - FIRST_RUNG);
        }

        void survivors(int kept) {
            budget = done + kept * (MAX_EPOCHS - FIRST_RUNG);
        }

        double advance() {
            done++;
            return Math.min(1.0, done / budget);
        }
    }

    private static final class Candidate {
        final int index;
        final TrainingRun run;
        final List<Double> curve = new ArrayList<>();
        double bestAuc = Double.NEGATIVE_INFINITY;
        int bestEpoch;
        HybridModel bestModel;
        /** The last epoch that beat the one before it by at least {@link #MIN_GAIN}: patience counts from here. */
        double lastGainAuc = Double.NEGATIVE_INFINITY;
        int lastGainEpoch;

        Candidate(int index, TrainingRun run) {
            this.index = index;
            this.run = run;
        }

        void step(Evaluator evaluator, FeatureMatrix users, FeatureMatrix items, TrainingListener listener,
                  Progress progress) {
            EpochStats stats = run.runEpoch();
            HybridModel model = run.snapshot();
            Metrics m = evaluator.evaluate(new ModelScorer(model, users, items));
            double auc = Double.isNaN(m.auc()) ? 0 : m.auc();
            curve.add(auc);
            if (auc > bestAuc || bestModel == null) {
                bestAuc = auc;
                bestEpoch = stats.epoch();
                bestModel = model;
            }
            if (auc > lastGainAuc + MIN_GAIN) {
                lastGainAuc = auc;
                lastGainEpoch = stats.epoch();
            }
            listener.epoch(index, run.hyperParameters(), stats, m, progress.advance());
        }

        boolean plateaued() {
            return run.epochsDone() - lastGainEpoch >= PATIENCE;
        }
    }
}
