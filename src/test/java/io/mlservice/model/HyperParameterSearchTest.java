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
