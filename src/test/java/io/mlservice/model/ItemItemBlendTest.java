package io.mlservice.model;

import io.mlservice.data.Interactions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ItemItemBlendTest {
    private static final PlantedData PLANTED = PlantedData.generate(80, 40, 3, 6, 0.1, 11);
    private static final Interactions TRAIN = PLANTED.interactions();
    private static final EaseModel EASE = EaseModel.fit(TRAIN, 5, 1);

    @Test
    void pruningKeepsEachRowsLargestPositiveWeightsExactly() {
        ItemNeighbours kept = ItemNeighbours.prune(EASE, 4);

        assertThat(kept.itemCount()).isEqualTo(40);
        for (int i = 0; i < 40; i++) {
            assertThat(kept.end(i) - kept.start(i)).isBetween(0, 4);
            float smallestKept = Float.POSITIVE_INFINITY;
            for (int p = kept.start(i); p < kept.end(i); p++) {
                assertThat(kept.neighbour(p)).isNotEqualTo(i);
                assertThat(kept.weight(p)).isEqualTo(EASE.weight(i, kept.neighbour(p))).isPositive();
                smallestKept = Math.min(smallestKept, kept.weight(p));
            }
            int above = 0;
            for (int j = 0; j < 40; j++) {
                if (EASE.weight(i, j) > smallestKept) {
                    above++;
                }
            }
            // Nothing left out weighs more than the smallest weight kept.
            assertThat(above).isLessThan(kept.end(i) - kept.start(i));
        }
    }

    @Test
    void blendedScoresAreTheFactorScoresPlusTheWeightedNeighbourSums() {
        ItemNeighbours kept = ItemNeighbours.prune(EASE, 6);
        ItemScorer factor = factor();
        ItemItemBlend blend = new ItemItemBlend(kept, 0.75f, 5);
        int[] users = {0, 3, 7};
        float[] plain = new float[users.length * 40];
        float[] blended = new float[users.length * 40];
        factor.score(users, users.length, plain);

        new BlendedScorer(factor, blend, TRAIN).score(users, users.length, blended);

        Interactions.ByUser rows = TRAIN.byUser();
        for (int r = 0; r < users.length; r++) {
            float[] expected = new float[40];
            for (int p = rows.start(users[r]); p < rows.end(users[r]); p++) {
                int from = rows.item(p);
                for (int q = kept.start(from); q < kept.end(from); q++) {
                    expected[kept.neighbour(q)] += 0.75f * kept.weight(q);
                }
            }
            for (int j = 0; j < 40; j++) {
                assertThat(blended[r * 40 + j]).isCloseTo(plain[r * 40 + j] + expected[j],
                        within(1e-5f));
            }
        }
        assertThat(blended).isNotEqualTo(plain);
    }

    @Test
    void withoutAnItemItemPartOrForAUserWithoutInteractionsTheFactorModelScoresAlone() {
        ItemScorer factor = factor();
        float[] plain = new float[40];
        float[] none = new float[40];
        factor.score(new int[]{2}, 1, plain);
        new BlendedScorer(factor, ItemItemBlend.NONE, TRAIN).score(new int[]{2}, 1, none);
        assertThat(none).containsExactly(plain);

        Interactions withoutUser2 = new Interactions(80, 40, new int[]{0}, new int[]{1}, new float[]{1f},
                new boolean[]{true});
        float[] cold = new float[40];
        new BlendedScorer(factor, new ItemItemBlend(ItemNeighbours.prune(EASE, 6), 2f, 5), withoutUser2)
                .score(new int[]{2}, 1, cold);
        assertThat(cold).containsExactly(plain);
    }

    @Test
    void aWeightWithoutNeighboursOrANegativeWeightIsRefused() {
        assertThatThrownBy(() -> new ItemItemBlend(null, 1f, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ItemItemBlend(ItemNeighbours.prune(EASE, 2), -1f, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ItemNeighbours(2, new int[]{0, 1, 1}, new int[]{2}, new float[]{1f}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neighbour 2");
    }

    private static ItemScorer factor() {
        HyperParameters hp = HyperParameters.defaults().withComponents(4).withEpochs(2);
        try (TrainingRun run = new TrainingRun(PLANTED.users(), PLANTED.items(), TRAIN, hp, 1, 3)) {
            run.runEpoch();
            run.runEpoch();
            return new ModelScorer(run.snapshot(), PLANTED.users(), PLANTED.items());
        }
    }
}
