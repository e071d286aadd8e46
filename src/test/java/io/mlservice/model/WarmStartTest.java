package io.mlservice.model;

import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.Interactions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WarmStartTest {
    private static final int K = 16;
    private static final TenantModel SERVING = PlantedTenant.train(40, 20, 2, 3).model();

    @Test
    void featuresAreMatchedByNameWhereverTheirColumnsMoved() {
        WarmStart start = WarmStart.of(SERVING, FeatureMatrix.identity(List.of("u5", "u0", "uNew")),
                FeatureMatrix.identity(List.of("i3", "iNew", "i0")));

        assertThat(start.obstacle()).isEmpty();
        assertThat(new int[]{start.userRow(0), start.userRow(1), start.userRow(2)}).containsExactly(5, 0, -1);
        assertThat(new int[]{start.itemRow(0), start.itemRow(1), start.itemRow(2)}).containsExactly(3, -1, 0);
    }

    @Test
    void knownFeaturesStartFromTheServingModelAndNewOnesAsAFreshRunWould() {
        FeatureMatrix users = FeatureMatrix.identity(List.of("u5", "u0", "uNew"));
        FeatureMatrix items = FeatureMatrix.identity(List.of("i3", "iNew", "i0"));
        Interactions pairs = new Interactions(3, 3, new int[]{0, 1, 2}, new int[]{0, 1, 2}, new float[]{1, 1, 1},
                new boolean[3]);
        HyperParameters hp = HyperParameters.defaults().withComponents(K);
        HybridModel warm;
        HybridModel fresh;
        try (TrainingRun run = new TrainingRun(users, items, pairs, hp, 1, 9);
             TrainingRun untouched = new TrainingRun(users, items, pairs, hp, 1, 9)) {
            WarmStart.of(SERVING, users, items).apply(run);
            warm = run.snapshot();
            fresh = untouched.snapshot();
        }
        HybridModel served = SERVING.model();

        assertThat(row(warm.userEmbeddings().data, 0)).containsExactly(row(served.userEmbeddings().data, 5));
        assertThat(row(warm.userEmbeddings().data, 1)).containsExactly(row(served.userEmbeddings().data, 0));
        assertThat(row(warm.userEmbeddings().data, 2)).containsExactly(row(fresh.userEmbeddings().data, 2));
        assertThat(row(warm.itemEmbeddings().data, 2)).containsExactly(row(served.itemEmbeddings().data, 0));
        assertThat(row(warm.itemEmbeddings().data, 1)).containsExactly(row(fresh.itemEmbeddings().data, 1));
        assertThat(warm.itemFeatureBiases()[0]).isEqualTo(served.itemFeatureBiases()[3]);
        assertThat(warm.itemFeatureBiases()[1]).isZero();
        assertThat(row(warm.userEmbeddings().data, 2)).isNotEqualTo(row(served.userEmbeddings().data, 2));
    }

    @Test
    void featuresMostlyUnknownToTheServingModelAreAnObstacle() {
        WarmStart start = WarmStart.of(SERVING, FeatureMatrix.identity(List.of("user:1", "user:2", "u1")),
                FeatureMatrix.identity(List.of("i1", "i2")));

        assertThat(start.obstacle()).get().asString().contains("33% of today's user features");
    }

    @Test
    void rowsNormalisedDifferentlyAreAnObstacle() {
        FeatureMatrix doubled = new FeatureMatrix(2, List.of("u1", "u2"), new int[]{0, 1, 2}, new int[]{0, 1},
                new float[]{2f, 2f});

        WarmStart start = WarmStart.of(SERVING, doubled, FeatureMatrix.identity(List.of("i1", "i2")));

        assertThat(start.obstacle()).get().asString().contains("normalised differently");
    }

    private static float[] row(float[] data, int r) {
        return Arrays.copyOfRange(data, r * K, (r + 1) * K);
    }
}
