package io.mlservice.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak verdict compares the first third of the intervals with the last. */
class SoakReportTest {
    private static final long MIB = 1L << 20;

    @Test
    void passesWithoutErrorsAndWithASteadyHeapAndThreadCount() {
        SoakReport report = report(new long[] {100, 90, 110, 105, 95, 100}, new int[] {40, 41, 40, 41, 40, 42}, 0);
        SoakReport.Verdict v = report.verdict();
        assertThat(v.passed()).isTrue();
        assertThat(v.heapFirst()).isEqualTo(90 * MIB);
        assertThat(v.heapLast()).isEqualTo(95 * MIB);
        assertThat(v.threadsFirst()).isEqualTo(41);
        assertThat(v.threadsLast()).isEqualTo(42);
    }

    @Test
    void failsOnOneErrorOrAGrowingHeapOrThreadCount() {
        assertThat(report(new long[] {100, 100, 100}, new int[] {40, 40, 40}, 1).verdict().passed()).isFalse();
        SoakReport.Verdict heap = report(new long[] {100, 120, 150}, new int[] {40, 40, 40}, 0).verdict();
        assertThat(heap.heapGrew()).isTrue();
        assertThat(heap.passed()).isFalse();
        SoakReport.Verdict threads = report(new long[] {100, 100, 100}, new int[] {40, 45, 50}, 0).verdict();
        assertThat(threads.threadsGrew()).isTrue();
        assertThat(threads.passed()).isFalse();
    }

    @Test
    void smallHeapsMayMoveByAFewMebibytes() {
        assertThat(report(new long[] {20, 30, 34}, new int[] {30, 30, 30}, 0).verdict().heapGrew()).isFalse();
        assertThat(report(new long[] {20, 30, 37}, new int[] {30, 30, 30}, 0).verdict().heapGrew()).isTrue();
    }

    private static SoakReport report(long[] heapMib, int[] threads, long errorsInLast) {
        SoakReport report = new SoakReport();
        for (int i = 0; i < heapMib.length; i++) {
            long errors = i == heapMib.length - 1 ? errorsInLast : 0;
            report.add(new SoakReport.Interval(Duration.ofSeconds(30L * (i + 1)), 1000, errors, 1.5, 3.0,
                    heapMib[i] * MIB, threads[i]));
        }
        return report;
    }
}
