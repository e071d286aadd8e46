package io.mlservice.model;

import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.Interactions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the configuration and the number of epochs by held-out AUC, scoring every epoch of each run instead of
 * retraining per epoch count. Successive halving: all candidates run {@link #FIRST_RUNG} epochs, the better half
 * runs on to {@link #SECOND_RUNG}, and the best one goes on until it has not improved for {@link #PATIENCE} epochs
 * or has reached the epoch limit. The original service's bounds hold: epochs 1–20, components 25–100.
 */
public final class HyperParameterSearch {
    public static final int MAX_EPOCHS = 20;
    static final int FIRST_RUNG = 2;
    static final int SECOND_RUNG = 4;
    static final int PATIENCE = 3;
    static final double MIN_GAIN = 1e-3;

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
     * Close it: it holds the winner's run.
     *
     * @param best         the winning configuration, its epochs set to the best epoch
     * @param bestModel    the model of that configuration at that epoch, trained on the training part
     * @param epochsSpent  epochs trained across all candidates
     * @param winner       the winning candidate's run, still open and set back to its best epoch, so that it can go
     *                     on learning from more data ({@link TrainingRun#continueOn})
     */
    public record Result(HyperParameters best, HybridModel bestModel, double bestAuc, int epochsSpent,
                         List<Trace> traces, TrainingRun winner) implements AutoCloseable {
        @Override
        public void close() {
            winner.close();
        }
    }

    public Result run(FeatureMatrix userFeatures, FeatureMatrix itemFeatures, Interactions.Split split,
                      TrainingListener listener) {
        Evaluator evaluator = new Evaluator(split.train(), split.test(), 10, evaluationUsers, seed);
        List<Candidate> running = new ArrayList<>();
        Candidate winner = null;
        try {
            for (int c = 0; c < candidates.size(); c++) {
                running.add(new Candidate(c, new TrainingRun(userFeatures, itemFeatures, split.train(),
                        candidates.get(c), threads, seed + c, listener::cancelRequested)));
            }
            Progress progress = new Progress(candidates.size());
            List<Candidate> kept = running;
            for (int rung : new int[]{FIRST_RUNG, SECOND_RUNG}) {
                for (Candidate c : kept) {
                    while (c.run.epochsDone() < rung && !c.plateaued()) {
                        c.step(evaluator, userFeatures, itemFeatures, listener, progress);
                    }
                }
                kept = betterHalf(kept);
                progress.survivors(kept.size(), rung);
            }
            for (Candidate c : kept) {
                while (c.run.epochsDone() < MAX_EPOCHS && !c.plateaued()) {
                    c.step(evaluator, userFeatures, itemFeatures, listener, progress);
                }
            }
            winner = running.stream().max(Comparator.comparingDouble(c -> c.bestAuc)).orElseThrow();
            winner.run.restore(winner.bestState);
            int spent = running.stream().mapToInt(c -> c.curve.size()).sum();
            List<Trace> traces = new ArrayList<>();
            for (Candidate c : running) {
                traces.add(new Trace(c.run.hyperParameters(), List.copyOf(c.curve),
                        c.curve.size() < MAX_EPOCHS));
            }
            return new Result(winner.run.hyperParameters().withEpochs(winner.bestEpoch), winner.bestModel,
                    winner.bestAuc, spent, traces, winner.run);
        } catch (RuntimeException | Error e) {
            winner = null;
            throw e;
        } finally {
            for (Candidate c : running) {
                if (c != winner) {
                    c.run.close();
                }
            }
        }
    }

    private static List<Candidate> betterHalf(List<Candidate> candidates) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble((Candidate c) -> c.bestAuc).reversed());
        return sorted.subList(0, Math.max(1, (sorted.size() + 1) / 2));
    }

    /** Estimates the fraction done from epochs trained against the most the search can spend. */
    private static final class Progress {
        private double budget;
        private int done;

        Progress(int candidates) {
            int half = (candidates + 1) / 2;
            budget = candidates * FIRST_RUNG + half * (SECOND_RUNG - FIRST_RUNG) + (MAX_EPOCHS - SECOND_RUNG);
        }

        /** {@code kept} candidates go on from epoch {@code rung}. */
        void survivors(int kept, int rung) {
            int later = rung == FIRST_RUNG ? (SECOND_RUNG - FIRST_RUNG) * kept + (MAX_EPOCHS - SECOND_RUNG)
                    : (MAX_EPOCHS - rung) * kept;
            budget = done + later;
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
        TrainingCheckpoint bestState;
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
                bestState = run.checkpoint();
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
