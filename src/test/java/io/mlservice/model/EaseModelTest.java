package io.mlservice.model;

import io.mlservice.data.Interactions;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EaseModelTest {

    /** Five users over four items: items 0 and 1 go together, 2 and 3 go together, item 1 also once with 2. */
    private static final Interactions TINY = new Interactions(5, 4,
            new int[]{0, 0, 1, 1, 2, 2, 3, 3, 4, 4},
            new int[]{0, 1, 0, 1, 1, 2, 2, 3, 2, 3},
            new float[]{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, new boolean[10]);

    @Test
    void gramCountsCoOccurrences() {
        FMatrixRMaj gram = EaseModel.gram(TINY);

        assertThat(gram.data).containsExactly(
                2, 2, 0, 0,
                2, 3, 1, 0,
                0, 1, 3, 2,
                0, 0, 2, 2);
    }

    @Test
    void weightsAreTheClosedFormOfADirectlyComputedInverse() {
        double lambda = 0.5;
        FMatrixRMaj p = EaseModel.gram(TINY);
        for (int i = 0; i < 4; i++) {
            p.add(i, i, (float) lambda);
        }
        CommonOps_FDRM.invert(p);

        for (int threads : new int[]{1, 2}) {
            EaseModel model = EaseModel.fit(TINY, lambda, threads);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    float expected = i == j ? 0f : -p.get(i, j) / p.get(j, j);
                    assertThat(model.weight(i, j)).as("B[%d][%d], %d thread(s)", i, j, threads)
                            .isCloseTo(expected, within(1e-5f));
                }
            }
        }
    }

    @Test
    void theDiagonalIsZeroAndCoOccurringItemsScoreHigher() {
        EaseModel model = EaseModel.fit(TINY, 0.5, 1);
        for (int i = 0; i < 4; i++) {
            assertThat(model.weight(i, i)).isZero();
        }
        // User 3 has items 2 and 3: item 1 (seen with 2) must outrank item 0 (never seen with either).
        float[] scores = new float[4];
        new EaseScorer(model, TINY).score(new int[]{3}, 1, scores);
        assertThat(scores[1]).isGreaterThan(scores[0]);
    }

    @Test
    void aGreaterPenaltyShrinksTheWeights() {
        EaseModel light = EaseModel.fit(TINY, 0.5, 1);
        EaseModel heavy = EaseModel.fit(TINY, 50, 1);

        assertThat(Math.abs(heavy.weight(0, 1))).isLessThan(Math.abs(light.weight(0, 1)));
    }

    @Test
    void memoryGrowsWithTheSquareOfTheItems() {
        assertThat(EaseModel.bytesToFit(20_000)).isEqualTo(4L * 20_000 * 20_000 * Float.BYTES);
    }

    @Test
    void aStopDuringTheConcurrentInverseIsACancellationNotAFailure() {
        PlantedData data = PlantedData.generate(400, 600, 4, 12, 0.05, 3);
        FMatrixRMaj gram = EaseModel.gram(data.interactions());

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> EaseModel.fromGram(gram, 10, 2)).isInstanceOf(CancellationException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
