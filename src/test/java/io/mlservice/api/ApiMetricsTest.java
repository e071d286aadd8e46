package io.mlservice.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ApiMetricsTest {
    private static final Instant MINUTE = Instant.parse("2024-05-01T10:00:00Z");
    private static final long MS = 1_000_000;

    private final SettableClock clock = new SettableClock(MINUTE.plusSeconds(5));
    private final ApiMetrics metrics = new ApiMetrics(clock);

    @Test
    void aFinishedMinuteIsDrainedOnceWithItsCounts() {
        metrics.record(ApiMetrics.USER_ITEMS, 200, true, 2 * MS, false);
        metrics.record(ApiMetrics.USER_ITEMS, 200, true, 4 * MS, true);
        metrics.record(ApiMetrics.USER_ITEMS, 200, false, 3 * MS, false);
        metrics.record(ApiMetrics.USER_ITEMS, 400, 1 * MS, false);
        metrics.record(ApiMetrics.SIMILAR_ITEMS, 200, 10 * MS, false);

        assertThat(metrics.drainCompletedMinutes(MINUTE.plusSeconds(59))).isEmpty();
        List<MinuteStats> drained = metrics.drainCompletedMinutes(MINUTE.plusSeconds(63));

        assertThat(drained).extracting(MinuteStats::endpoint)
                .containsExactly(ApiMetrics.USER_ITEMS, ApiMetrics.SIMILAR_ITEMS);
        MinuteStats users = drained.get(0);
        assertThat(users.minute()).isEqualTo(MINUTE);
        assertThat(users.requests()).isEqualTo(4);
        assertThat(users.errors()).isEqualTo(2);
        assertThat(users.coldStarts()).isEqualTo(1);
        assertThat(users.p50Millis()).isCloseTo(2.0, within(0.15));
        assertThat(users.maxMillis()).isEqualTo(4.0);
        assertThat(drained.get(1).p99Millis()).isCloseTo(10.0, within(0.7));
        assertThat(metrics.drainCompletedMinutes(MINUTE.plusSeconds(200))).isEmpty();
    }

    @Test
    void minutesAreKeptApartAndDrainedOldestFirst() {
        metrics.record(ApiMetrics.HEALTH_CHECK, 200, MS, false);
        clock.advance(Duration.ofMinutes(1));
        metrics.record(ApiMetrics.HEALTH_CHECK, 200, MS, false);
        metrics.record(ApiMetrics.HEALTH_CHECK, 200, MS, false);
        clock.advance(Duration.ofMinutes(1));
        metrics.record(ApiMetrics.UNAUTHORISED, 401, MS, false);

        List<MinuteStats> drained = metrics.drainCompletedMinutes(clock.instant().plusSeconds(60));

        assertThat(drained).extracting(MinuteStats::minute, MinuteStats::requests).containsExactly(
                org.assertj.core.groups.Tuple.tuple(MINUTE, 1L),
                org.assertj.core.groups.Tuple.tuple(MINUTE.plusSeconds(60), 2L),
                org.assertj.core.groups.Tuple.tuple(MINUTE.plusSeconds(120), 1L));
        assertThat(drained.get(2).errors()).isEqualTo(1);
    }

    @Test
    void liveShowsTheLastFiveMinutesOfEveryEndpointWithZerosForSilence() {
        metrics.record(ApiMetrics.USER_ITEMS, 200, 3 * MS, false);
        clock.advance(Duration.ofMinutes(2));
        metrics.record(ApiMetrics.USER_ITEMS, 200, 5 * MS, false);

        ApiMetrics.Live live = metrics.live(clock.instant());

        assertThat(live.minutes()).hasSize(ApiMetrics.LIVE_MINUTES * ApiMetrics.ENDPOINTS.size());
        List<MinuteStats> users = live.of(ApiMetrics.USER_ITEMS);
        assertThat(users).extracting(MinuteStats::requests).containsExactly(0L, 0L, 1L, 0L, 1L);
        assertThat(users.get(4).minute()).isEqualTo(MINUTE.plusSeconds(120));
        assertThat(users.get(4).p50Millis()).isCloseTo(5.0, within(0.35));
        assertThat(live.of(ApiMetrics.SIMILAR_ITEMS)).allMatch(m -> m.requests() == 0);
    }

    @Test
    void concurrentRecordsAreAllCounted() throws Exception {
        int threads = 4;
        int each = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        metrics.record(ApiMetrics.SIMILAR_ITEMS, i % 10 == 0 ? 500 : 200, (i % 100 + 1) * 10_000L,
                                i % 4 == 0);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        MinuteStats stats = metrics.drainCompletedMinutes(MINUTE.plusSeconds(120)).get(0);
        assertThat(stats.requests()).isEqualTo((long) threads * each);
        assertThat(stats.errors()).isEqualTo((long) threads * each / 10);
        assertThat(stats.coldStarts()).isEqualTo((long) threads * each / 4);
        assertThat(stats.maxMillis()).isEqualTo(1.0);
    }

    @Test
    void anUnknownEndpointIsRefusedByName() {
        assertThatThrownBy(() -> metrics.record("/elsewhere", 200, MS, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/elsewhere'");
    }
}
