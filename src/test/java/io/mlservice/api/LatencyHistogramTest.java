package io.mlservice.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTest {

    @Test
    void everyValueFallsInABucketAtMostSixPercentWide() {
        for (long nanos = 1024; nanos < 1L << 40; nanos += Math.max(1, nanos / 7)) {
            int b = LatencyHistogram.bucket(nanos);
            long low = LatencyHistogram.lowerBound(b);
            long high = LatencyHistogram.lowerBound(b + 1);
            assertThat(nanos).isBetween(low, high - 1);
            assertThat((double) (high - low) / low).isLessThanOrEqualTo(1.0 / 16);
        }
    }

    @Test
    void extremesLandInTheFirstAndLastBucket() {
        assertThat(LatencyHistogram.bucket(0)).isZero();
        assertThat(LatencyHistogram.bucket(-5)).isZero();
        assertThat(LatencyHistogram.bucket(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
    }

    @Test
    void percentilesOfAUniformSpreadAreCloseToTheTruth() {
        LatencyHistogram h = new LatencyHistogram();
        for (int micros = 1; micros <= 1000; micros++) {
            h.record(micros * 1000L);
        }

        assertThat(h.count()).isEqualTo(1000);
        assertThat(h.percentileNanos(0.50) / 1e3).isCloseTo(500, within(500 * 0.07));
        assertThat(h.percentileNanos(0.99) / 1e3).isCloseTo(990, within(990 * 0.07));
        assertThat(h.maxNanos()).isEqualTo(1_000_000);
        assertThat(h.percentileNanos(1.0)).isLessThanOrEqualTo(h.maxNanos());
    }

    @Test
    void anEmptyHistogramReportsZero() {
        LatencyHistogram h = new LatencyHistogram();

        assertThat(h.percentileNanos(0.99)).isZero();
        assertThat(h.maxNanos()).isZero();
    }
}
