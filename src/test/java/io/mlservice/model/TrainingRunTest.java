package io.mlservice.model;

import io.mlservice.data.Interactions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingRunTest {

    private static final PlantedData PLANTED = PlantedData.generate(400, 200, 5, 20, 0.02, 7);

    private static Metrics trainAndEvaluate(HyperParameters hp, int threads, long seed) {
        Interactions.Split split = PLANTED.interactions().split(0.2, 11);
        try (TrainingRun run = new TrainingRun(PLANTED.users(), PLANTED.items(), split.train(), hp, threads, seed)) {
            for (int e = 0; e < hp.epochs(); e++) {
                run.runEpoch();
            }
            Evaluator evaluator = new Evaluator(split.train(), split.test(), 10, 0, 1);
            return evaluator.evaluate(new ModelScorer(run.snapshot(), PLANTED.users(), PLANTED.items()));
        }
    }

    @Test
    void recoversPlantedLowRankStructure() {
        HyperParameters hp = HyperParameters.defaults().withComponents(16).withEpochs(10);
        Metrics m = trainAndEvaluate(hp, 1, 3);
        Interactions.Split split = PLANTED.interactions().split(0.2, 11);
        Metrics pop = new Evaluator(split.train(), split.test(), 10, 0, 1).evaluate(new PopularityScorer(split.train()));
        assertThat(m.auc()).isGreaterThan(0.9);
        assertThat(m.precision()).isGreaterThan(pop.precision() * 1.5);
    }

    @Test
    void adadeltaAlsoLearns() {
        HyperParameters hp = HyperParameters.original(16, 20, false);
        assertThat(trainAndEvaluate(hp, 1, 3).auc()).isGreaterThan(0.85);
    }

    @Test
    void oneThreadWithASeedIsReproducibleBitForBit() {
        HyperParameters hp = HyperParameters.defaults().withComponents(8).withEpochs(3);
        HybridModel a = trainOnce(hp, 1, 99);
        HybridModel b = trainOnce(hp, 1, 99);
        HybridModel c = trainOnce(hp, 1, 100);
        assertThat(a.itemEmbeddings().data).containsExactly(b.itemEmbeddings().data);
        assertThat(a.userEmbeddings().data).containsExactly(b.userEmbeddings().data);
        assertThat(a.itemFeatureBiases()).containsExactly(b.itemFeatureBiases());
        assertThat(a.itemEmbeddings().data).isNotEqualTo(c.itemEmbeddings().data);
    }

    @Test
    void severalThreadsReachTheSameQuality() {
        HyperParameters hp = HyperParameters.defaults().withComponents(16).withEpochs(20);
        Metrics one = trainAndEvaluate(hp, 1, 5);
        Metrics two = trainAndEvaluate(hp, 2, 5);
        Metrics four = trainAndEvaluate(hp, 4, 5);
        assertThat(two.auc()).isCloseTo(one.auc(), org.assertj.core.data.Offset.offset(0.02));
        assertThat(four.auc()).isCloseTo(one.auc(), org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void epochStatsReportProgress() {
        HyperParameters hp = HyperParameters.defaults().withComponents(8);
        try (TrainingRun run = new TrainingRun(PLANTED.users(), PLANTED.items(), PLANTED.interactions(), hp, 1, 1)) {
            EpochStats first = run.runEpoch();
            EpochStats second = run.runEpoch();
            assertThat(first.epoch()).isEqualTo(1);
            assertThat(second.epoch()).isEqualTo(2);
            assertThat(first.samples()).isEqualTo(PLANTED.interactions().size());
            assertThat(first.updates()).isPositive().isLessThanOrEqualTo(first.samples());
            assertThat(first.meanLoss()).isPositive();
            assertThat(second.elapsedNanos()).isGreaterThan(first.elapsedNanos());
        }
    }

    private static HybridModel trainOnce(HyperParameters hp, int threads, long seed) {
        try (TrainingRun run = new TrainingRun(PLANTED.users(), PLANTED.items(), PLANTED.interactions(), hp, threads,
                seed)) {
            for (int e = 0; e < hp.epochs(); e++) {
                run.runEpoch();
            }
            return run.snapshot();
        }
    }
}
