package io.mlservice.totara.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SamplingTest {

    @Test
    void streamsAreReproducibleAndIndependent() {
        Rng a = Rng.stream(42, 0, Rng.Purpose.ITEMS);
        Rng b = Rng.stream(42, 0, Rng.Purpose.ITEMS);
        Rng otherPurpose = Rng.stream(42, 0, Rng.Purpose.USERS);
        Rng otherTenant = Rng.stream(42, 1, Rng.Purpose.ITEMS);

        long first = a.nextLong();

        assertThat(b.nextLong()).isEqualTo(first);
        assertThat(otherPurpose.nextLong()).isNotEqualTo(first);
        assertThat(otherTenant.nextLong()).isNotEqualTo(first);
    }

    @Test
    void drawsInRange() {
        Rng rng = Rng.stream(1, 0, Rng.Purpose.SITE);
        for (int i = 0; i < 10_000; i++) {
            assertThat(rng.nextInt(7)).isBetween(0, 6);
            assertThat(rng.nextDouble()).isGreaterThanOrEqualTo(0).isLessThan(1);
        }
    }

    @Test
    void samplerFollowsTheWeights() {
        WeightedSampler sampler = new WeightedSampler(new int[] {10, 20, 30}, new double[] {1, 2, 7});
        Rng rng = Rng.stream(3, 0, Rng.Purpose.SITE);
        int[] counts = new int[4];
        int draws = 100_000;
        for (int i = 0; i < draws; i++) {
            counts[sampler.draw(rng) / 10]++;
        }

        assertThat(counts[0]).isZero();
        assertThat(counts[1] / (double) draws).isCloseTo(0.1, within(0.01));
        assertThat(counts[2] / (double) draws).isCloseTo(0.2, within(0.01));
        assertThat(counts[3] / (double) draws).isCloseTo(0.7, within(0.01));
    }

    @Test
    void samplerRejectsNonPositiveWeights() {
        assertThatThrownBy(() -> WeightedSampler.ofWeights(new double[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(WeightedSampler.ofWeights(new double[0]).isEmpty()).isTrue();
    }

    @Test
    void pairSetRemembersPairsAcrossGrowth() {
        PairSet pairs = new PairSet(4);
        for (int u = 0; u < 100; u++) {
            for (int i = 0; i < 50; i++) {
                assertThat(pairs.add(u, i)).isTrue();
            }
        }

        assertThat(pairs.add(0, 0)).isFalse();
        assertThat(pairs.add(99, 49)).isFalse();
        assertThat(pairs.add(49, 99)).isTrue();
    }
}
