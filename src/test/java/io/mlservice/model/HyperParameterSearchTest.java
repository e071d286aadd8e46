package io.mlservice.model;

import io.mlservice.data.Dataset;
import io.mlservice.data.Interactions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HyperParameterSearchTest {

    private static final PlantedData PLANTED = PlantedData.generate(400, 200, 5, 12, 0.05, 21);

    @Test
    void findsAtLeastTheAnnealingAucWithAFractionOfItsEpochs() {
        Interactions.Split split = PLANTED.interactions().split(0.2, 3);
        HyperParameterSearch.Result ours = new HyperParameterSearch(
                HyperParameterSearch.defaultCandidates(1e-6), 1, 5, 0)
                .run(PLANTED.users(), PLANTED.items(), split, TrainingListener.NONE);
        AnnealingSearch.Result original = new AnnealingSearch(30, 0.0, 1, 5, 0)
                .run(PLANTED.users(), PLANTED.items(), split);

        assertThat(ours.bestAuc()).isGreaterThanOrEqualTo(original.bestAuc() - 0.005);
        assertThat(ours.epochsSpent() + ours.best().epochs()).isLessThan(original.epochsSpent() / 3);
        assertThat(ours.best().epochs()).isBetween(1, HyperParameterSearch.MAX_EPOCHS);
        assertThat(ours.best().components()).isBetween(25, 100);
    }

    @Test
    void stopsHopelessCandidatesAfterTheFirstRung() {
        Interactions.Split split = PLANTED.interactions().split(0.2, 3);
        HyperParameterSearch.Result result = new HyperParameterSearch(
                HyperParameterSearch.defaultCandidates(1e-6), 1, 5, 0)
                .run(PLANTED.users(), PLANTED.items(), split, TrainingListener.NONE);
        long dropped = result.traces().stream()
                .filter(t -> t.aucByEpoch().size() == HyperParameterSearch.FIRST_RUNG).count();
        assertThat(dropped).isEqualTo(2);
        assertThat(result.traces()).allSatisfy(t -> assertThat(t.aucByEpoch()).isNotEmpty());
    }

    /**
     * Candidates run one after another and each alone (its own seed, its own state), so a search that frees the
     * candidates it drops must still score each one as a run of its own would, pick the best of those curves and
     * hand back the winner at its best epoch, bit for bit on one thread.
     */
    @Test
    void picksTheBestOfTheCurvesEachCandidateWouldScoreAloneAndReturnsItAtItsBestEpoch() {
        Interactions.Split split = PLANTED.interactions().split(0.2, 3);
        List<HyperParameters> candidates = HyperParameterSearch.defaultCandidates(1e-6);
        long seed = 5;
        HyperParameterSearch.Result result;
        HybridModel winnerNow;
        int winnerEpochs;
        try (HyperParameterSearch.Result found = new HyperParameterSearch(candidates, 1, seed, 0)
                .run(PLANTED.users(), PLANTED.items(), split, TrainingListener.NONE)) {
            result = found;
            winnerNow = found.winner().snapshot();
            winnerEpochs = found.winner().epochsDone();
        }

        Evaluator evaluator = new Evaluator(split.train(), split.test(), 10, 0, seed);
        int bestCandidate = -1;
        int bestEpoch = 0;
        double bestAuc = Double.NEGATIVE_INFINITY;
        HybridModel bestModel = null;
        for (int c = 0; c < candidates.size(); c++) {
            List<Double> curve = result.traces().get(c).aucByEpoch();
            try (TrainingRun alone = new TrainingRun(PLANTED.users(), PLANTED.items(), split.train(),
                    candidates.get(c), 1, seed + c)) {
                for (int e = 1; e <= curve.size(); e++) {
                    alone.runEpoch();
                    HybridModel model = alone.snapshot();
                    double auc = evaluator.evaluate(new ModelScorer(model, PLANTED.users(), PLANTED.items())).auc();
                    assertThat(curve.get(e - 1)).as("candidate %d, epoch %d", c, e).isEqualTo(auc);
                    if (auc > bestAuc) {
                        bestAuc = auc;
                        bestCandidate = c;
                        bestEpoch = e;
                        bestModel = model;
                    }
                }
            }
        }

        assertThat(result.best()).isEqualTo(candidates.get(bestCandidate).withEpochs(bestEpoch));
        assertThat(result.bestAuc()).isEqualTo(bestAuc);
        assertThat(winnerEpochs).isEqualTo(bestEpoch);
        for (HybridModel m : List.of(result.bestModel(), winnerNow)) {
            assertThat(m.userEmbeddings().data).isEqualTo(bestModel.userEmbeddings().data);
            assertThat(m.itemEmbeddings().data).isEqualTo(bestModel.itemEmbeddings().data);
            assertThat(m.itemFeatureBiases()).isEqualTo(bestModel.itemFeatureBiases());
        }
    }

    @Test
    void tenantTrainerReportsHeldOutQualityAgainstPopularityAndProgress() {
        Dataset data = new Dataset("0", names("u", 400), names("i", 200), Collections.nCopies(200, "engage_article"),
                PLANTED.interactions(), PLANTED.users(), PLANTED.items());
        List<String> phases = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void phase(TrainingPhase phase) {
                phases.add(phase.label());
            }

            @Override
            public void epoch(int candidate, HyperParameters hp, EpochStats stats, Metrics heldOut, double fraction) {
                fractions.add(fraction);
            }
        };
        TenantModel model = new TenantTrainer(TenantTrainer.Options.defaults().withThreads(1), Clock.systemUTC())
                .train(data, "mf", listener);

        TrainingReport report = model.report();
        assertThat(phases).containsExactly("prepare", "search", "evaluate", "final fit");
        assertThat(report.heldOut().auc()).isGreaterThan(0.9);
        assertThat(report.heldOut().precision()).isGreaterThan(report.popularity().precision());
        assertThat(report.searchEpochs()).isGreaterThan(report.chosen().epochs());
        assertThat(fractions).isSorted().last().isEqualTo(1.0);
        assertThat(model.model().components()).isEqualTo(report.chosen().components());
    }

    @Test
    void aCancelRequestEndsTrainingAtOnce() {
        Dataset data = new Dataset("0", names("u", 400), names("i", 200), Collections.nCopies(200, "engage_article"),
                PLANTED.interactions(), PLANTED.users(), PLANTED.items());
        AtomicInteger epochs = new AtomicInteger();
        TrainingListener cancelAfterTwo = new TrainingListener() {
            @Override
            public void epoch(int candidate, HyperParameters hp, EpochStats stats, Metrics heldOut, double fraction) {
                epochs.incrementAndGet();
            }

            @Override
            public boolean cancelRequested() {
                return epochs.get() >= 2;
            }
        };
        TenantTrainer trainer = new TenantTrainer(TenantTrainer.Options.defaults().withThreads(2), Clock.systemUTC());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> trainer.train(data, "mf", cancelAfterTwo))
                .isInstanceOf(CancellationException.class);
        assertThat(epochs.get()).isEqualTo(2);
    }

    private static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }
}
