package io.mlservice.model;

import io.mlservice.data.Dataset;
import io.mlservice.data.Interactions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WarmRetrainTest {
    private static final PlantedData TODAY = PlantedData.generate(300, 60, 4, 12, 0.05, 11);
    /** Yesterday knew the same users and items and all but the last 15% of today's pairs. */
    private static final int YESTERDAY = (int) (TODAY.interactions().size() * 0.85);
    private static final HyperParameters CHOSEN = HyperParameters.defaults().withComponents(16).withEpochs(4);
    private static final TrainingOrigin FULL_SEARCH = TrainingOrigin.fullSearch(1_795_000_000L, YESTERDAY);

    @Test
    void aWarmModelThatRanksTheNewPairsAtLeastAsWellIsKeptAndSaysItIsWarm() {
        TenantModel serving = serving();
        Dataset today = dataset(TODAY.interactions());

        WarmRetrain.Result result = new WarmRetrain(1, 42, 0, Clock.systemUTC()).retrain(today, "hybrid", serving,
                WarmStart.of(serving, today.userFeatures(), today.itemFeatures()), TrainingListener.NONE);

        assertThat(result.kept()).as(result.verdict()).isTrue();
        assertThat(result.warm().auc()).isGreaterThanOrEqualTo(result.serving().auc());
        TrainingReport report = result.model().report();
        assertThat(report.origin()).isEqualTo(TrainingOrigin.warmFrom(FULL_SEARCH));
        assertThat(report.chosen()).as("the chosen rate, not the warm run's share of it").isEqualTo(CHOSEN);
        assertThat(report.heldOut()).isEqualTo(result.warm());
        assertThat(report.searchEpochs()).isBetween(1, WarmRetrain.MAX_EPOCHS);
        assertThat(result.model().interactions().size()).isEqualTo(TODAY.interactions().size());
    }

    @Test
    void aWarmModelWorseThanTheServingOneIsNotKept() {
        TenantModel serving = serving();
        Dataset today = dataset(TODAY.interactions());

        WarmRetrain.Result result = new WarmRetrain(1, 42, 0, 400.0, Clock.systemUTC()).retrain(today, "hybrid",
                serving, WarmStart.of(serving, today.userFeatures(), today.itemFeatures()), TrainingListener.NONE);

        assertThat(result.kept()).isFalse();
        assertThat(result.model()).isNull();
        assertThat(result.warm().auc()).isLessThan(result.serving().auc() - HyperParameterSearch.MIN_GAIN);
        assertThat(result.verdict()).contains("below the serving model");
    }

    @Test
    void theNewPairsAreHeldOutAndTheKnownOnesTrainedOn() {
        TenantModel serving = serving();
        Interactions.Split split = WarmRetrain.newPairsHeldOut(dataset(TODAY.interactions()), serving);
        Interactions.ByUser known = serving.interactions().byUser();

        assertThat(split.train().size() + split.test().size()).isEqualTo(TODAY.interactions().size());
        assertThat(split.test().size()).isPositive();
        for (int p = 0; p < split.test().size(); p++) {
            assertThat(known.contains(split.test().users()[p], split.test().items()[p])).isFalse();
        }
    }

    @Test
    void tooFewNewPairsToJudgeByAreNotKept() {
        TenantModel serving = serving();
        Dataset unchanged = dataset(serving.interactions());

        WarmRetrain.Result result = new WarmRetrain(1, 42, 0, Clock.systemUTC()).retrain(unchanged, "hybrid",
                serving, WarmStart.of(serving, unchanged.userFeatures(), unchanged.itemFeatures()),
                TrainingListener.NONE);

        assertThat(result.kept()).isFalse();
        assertThat(result.verdict()).contains("only 0 users have new interactions");
    }

    @Test
    void aKeptWarmModelKeepsTheServingItemItemPartRefitOnTodaysPairs() {
        TenantModel factorOnly = serving();
        double lambda = 50;
        ItemItemBlend yesterdays = new ItemItemBlend(ItemNeighbours.prune(EaseModel.fit(factorOnly.interactions(),
                lambda, 1), ItemItemTrainer.NEIGHBOURS), 0.5f, lambda);
        TenantModel serving = new TenantModel("0", factorOnly.userIds(), factorOnly.itemIds(), factorOnly.itemTypes(),
                factorOnly.userFeatures(), factorOnly.itemFeatures(), factorOnly.interactions(), factorOnly.model(),
                factorOnly.report(), yesterdays);
        Dataset today = dataset(TODAY.interactions());

        WarmRetrain.Result result = new WarmRetrain(1, 42, 0, Clock.systemUTC()).retrain(today, "hybrid", serving,
                WarmStart.of(serving, today.userFeatures(), today.itemFeatures()), TrainingListener.NONE);

        assertThat(result.kept()).as(result.verdict()).isTrue();
        ItemItemBlend kept = result.model().itemItem();
        assertThat(kept.present()).isTrue();
        assertThat(kept.weight()).isEqualTo(0.5f);
        assertThat(kept.lambda()).as("the penalty in proportion to today's pairs")
                .isCloseTo(lambda * TODAY.interactions().size() / YESTERDAY, within(1e-9));
        ItemNeighbours expected = ItemNeighbours.prune(EaseModel.fit(TODAY.interactions(), kept.lambda(), 1),
                ItemItemTrainer.NEIGHBOURS);
        assertThat(kept.neighbours().weightArray()).containsExactly(expected.weightArray());
    }

    /** The model trained on yesterday's pairs, as a full search would have left it. */
    private static TenantModel serving() {
        Interactions yesterday = TODAY.interactions().select(IntStream.range(0, YESTERDAY).toArray());
        HybridModel model;
        try (TrainingRun run = new TrainingRun(TODAY.users(), TODAY.items(), yesterday, CHOSEN, 1, 5)) {
            for (int e = 0; e < CHOSEN.epochs(); e++) {
                run.runEpoch();
            }
            model = run.snapshot();
        }
        TrainingReport report = new TrainingReport("hybrid", CHOSEN, Metrics.NONE, Metrics.NONE, Metrics.NONE, 4, 1,
                FULL_SEARCH.fullSearchAtEpochSeconds(), 1, FULL_SEARCH);
        Dataset d = dataset(yesterday);
        return new TenantModel("0", d.userIds(), d.itemIds(), d.itemTypes(), d.userFeatures(), d.itemFeatures(),
                yesterday, model, report);
    }

    private static Dataset dataset(Interactions interactions) {
        List<String> types = new ArrayList<>();
        for (int i = 0; i < TODAY.items().rows(); i++) {
            types.add("engage_article");
        }
        return new Dataset("0", TODAY.users().featureNames(), TODAY.items().featureNames(), types, interactions,
                TODAY.users(), TODAY.items());
    }
}
