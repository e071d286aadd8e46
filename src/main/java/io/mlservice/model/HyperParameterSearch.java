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

    /**
     * Candidates train one after another, each alone from its own seed, so a rung drops a candidate as soon as
     * enough others have beaten it, and a candidate's run is only made when it first trains: at most a rung's
     * survivors and the candidate training hold parameters at once. A candidate keeps a copy of its best epoch only
     * while it trains past it. Dropped candidates' runs are closed and released. (On the 10M demo export, 500k
     * users at 100 components, each run's embeddings and Adagrad sums are 400 MB.)
     */
    public Result run(FeatureMatrix userFeatures, FeatureMatrix itemFeatures, Interactions.Split split,
                      TrainingListener listener) {
        Evaluator evaluator = new Evaluator(split.train(), split.test(), 10, evaluationUsers, seed);
        Step step = new Step(userFeatures, itemFeatures, split.train(), evaluator, listener,
                new Progress(candidates.size()));
        List<Candidate> all = new ArrayList<>();
        for (int c = 0; c < candidates.size(); c++) {
            all.add(new Candidate(c, candidates.get(c)));
        }
        Candidate winner = null;
        try {
            List<Candidate> kept = all;
            for (int rung : new int[]{FIRST_RUNG, SECOND_RUNG}) {
                kept = runRung(kept, rung, step);
                step.progress.survivors(kept.size(), rung);
            }
            for (Candidate c : kept) {
                c.trainTo(MAX_EPOCHS, step);
            }
            // the best of the survivors; a tie goes to the one the rungs ranked first
            for (Candidate c : kept) {
                if (winner == null || c.bestAuc > winner.bestAuc) {
                    winner = c;
                }
            }
            winner.backToBest();
            int spent = all.stream().mapToInt(c -> c.curve.size()).sum();
            List<Trace> traces = new ArrayList<>();
            for (Candidate c : all) {
                traces.add(new Trace(c.hp, List.copyOf(c.curve), c.curve.size() < MAX_EPOCHS));
            }
            return new Result(winner.hp.withEpochs(winner.bestEpoch), winner.run.snapshot(), winner.bestAuc, spent,
                    traces, winner.run);
        } catch (RuntimeException | Error e) {
            winner = null;
            throw e;
        } finally {
            for (Candidate c : all) {
                if (c != winner) {
                    c.drop();
                }
            }
        }
    }

    /**
     * Trains each entrant to the rung, in order, and returns the better half, best first (ties in entry order, as a
     * stable sort of all of them would leave them); a candidate is dropped as soon as that many others beat it.
     */
    private static List<Candidate> runRung(List<Candidate> entrants, int rung, Step step) {
        int keep = Math.max(1, (entrants.size() + 1) / 2);
        List<Candidate> ranked = new ArrayList<>(keep + 1);
        for (Candidate c : entrants) {
            c.trainTo(rung, step);
            int at = 0;
            while (at < ranked.size() && ranked.get(at).bestAuc >= c.bestAuc) {
                at++;
            }
            ranked.add(at, c);
            if (ranked.size() > keep) {
                ranked.remove(keep).drop();
            }
        }
        return ranked;
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

    /** What every candidate's epochs share: the data, the evaluator, the listener and the progress estimate. */
    private final class Step {
        final FeatureMatrix users;
        final FeatureMatrix items;
        final Interactions train;
        final Evaluator evaluator;
        final TrainingListener listener;
        final Progress progress;

        Step(FeatureMatrix users, FeatureMatrix items, Interactions train, Evaluator evaluator,
             TrainingListener listener, Progress progress) {
            this.users = users;
            this.items = items;
            this.train = train;
            this.evaluator = evaluator;
            this.listener = listener;
            this.progress = progress;
        }

        TrainingRun start(Candidate c) {
            return new TrainingRun(users, items, train, c.hp, threads, seed + c.index, listener::cancelRequested);
        }
    }

    private static final class Candidate {
        final int index;
        final HyperParameters hp;
        final List<Double> curve = new ArrayList<>();
        /** Made when the candidate first trains; null again once it is dropped. */
        TrainingRun run;
        double bestAuc = Double.NEGATIVE_INFINITY;
        /** 0 until the first epoch. */
        int bestEpoch;
        /** The best epoch's state while the run is past it; null while the run stands at its best epoch. */
        TrainingCheckpoint bestState;
        /** The last epoch that beat the one before it by at least {@link #MIN_GAIN}: patience counts from here. */
        double lastGainAuc = Double.NEGATIVE_INFINITY;
        int lastGainEpoch;

        Candidate(int index, HyperParameters hp) {
            this.index = index;
            this.hp = hp;
        }

        /** Trains on until {@code epochs} are done or the candidate has stopped improving. */
        void trainTo(int epochs, Step step) {
            if (run == null) {
                run = step.start(this);
            }
            while (run.epochsDone() < epochs && !plateaued()) {
                step(step);
            }
        }

        private void step(Step step) {
            if (bestEpoch > 0 && bestState == null) {
                bestState = run.checkpoint(); // the run stands at its best: keep it before training past it
            }
            EpochStats stats = run.runEpoch();
            Metrics m = step.evaluator.evaluate(new ModelScorer(run.snapshot(), step.users, step.items));
            double auc = Double.isNaN(m.auc()) ? 0 : m.auc();
            curve.add(auc);
            if (auc > bestAuc || bestEpoch == 0) {
                bestAuc = auc;
                bestEpoch = stats.epoch();
                bestState = null;
            }
            if (auc > lastGainAuc + MIN_GAIN) {
                lastGainAuc = auc;
                lastGainEpoch = stats.epoch();
            }
            step.listener.epoch(index, hp, stats, m, step.progress.advance());
        }

        boolean plateaued() {
            return run.epochsDone() - lastGainEpoch >= PATIENCE;
        }

        /** Sets the run back to its best epoch. */
        void backToBest() {
            if (bestState != null) {
                run.restore(bestState);
                bestState = null;
            }
        }

        /** Closes the run and lets go of its parameters. */
        void drop() {
            if (run != null) {
                run.close();
                run = null;
            }
            bestState = null;
        }
    }
}
