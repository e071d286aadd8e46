package io.mlservice.console.dashboard;

import io.mlservice.api.ApiMetrics;
import io.mlservice.api.MinuteStats;
import io.mlservice.history.ApiMinuteRow;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's hour of traffic: history and live minutes merged, endpoints combined. */
class TrafficTest {
    private static final Instant MINUTE = Instant.parse("2026-11-27T10:15:00Z");

    @Test
    void theRunningMinutesRateIsMeasuredOverItsElapsedPart() {
        Instant now = MINUTE.plusSeconds(30);
        ApiMetrics metrics = new ApiMetrics(Clock.fixed(now, ZoneOffset.UTC));
        for (int i = 0; i < 10; i++) {
            metrics.record(ApiMetrics.USER_ITEMS, 200, 2_000_000, false);
        }
        Traffic traffic = new Traffic();
        traffic.addLive(metrics.live(now));

        List<TrafficPoint> points = traffic.points(now);
        assertThat(points).hasSize(Traffic.MINUTES);
        TrafficPoint running = points.get(points.size() - 1);
        assertThat(running.minute()).isEqualTo(MINUTE);
        assertThat(running.requests()).isEqualTo(10);
        assertThat(running.perMinute()).isEqualTo(20.0);
        assertThat(running.p50Millis()).isBetween(1.5, 2.5);
        assertThat(points.get(0).minute()).isEqualTo(MINUTE.minus(Duration.ofMinutes(59)));
        assertThat(points.get(0).requests()).isZero();
        assertThat(points.get(0).p50Millis()).isNaN();
    }

    @Test
    void theFirstSecondsOfAMinuteDoNotSpike() {
        Instant now = MINUTE.plusSeconds(1);
        ApiMetrics metrics = new ApiMetrics(Clock.fixed(now, ZoneOffset.UTC));
        metrics.record(ApiMetrics.USER_ITEMS, 200, 1_000_000, false);
        Traffic traffic = new Traffic();
        traffic.addLive(metrics.live(now));

        assertThat(traffic.points(now).get(Traffic.MINUTES - 1).perMinute()).isEqualTo(4.0);
    }

    @Test
    void refusedRequestsCountButDoNotPullTheLatencyDown() {
        Traffic traffic = new Traffic();
        traffic.addHistory(List.of(
                new ApiMinuteRow(MINUTE, ApiMetrics.USER_ITEMS, 30, 0, 0, 2.0, 10.0, 12.0),
                new ApiMinuteRow(MINUTE, ApiMetrics.SIMILAR_ITEMS, 10, 0, 0, 4.0, 6.0, 6.0),
                new ApiMinuteRow(MINUTE, ApiMetrics.UNAUTHORISED, 60, 60, 0, 0.01, 0.02, 0.02)));

        TrafficPoint p = traffic.points(MINUTE.plusSeconds(120)).get(Traffic.MINUTES - 3);
        assertThat(p.minute()).isEqualTo(MINUTE);
        assertThat(p.requests()).isEqualTo(100);
        assertThat(p.perMinute()).isEqualTo(100.0);
        assertThat(p.p50Millis()).isEqualTo(2.5);
        assertThat(p.p99Millis()).isEqualTo(10.0);
    }

    @Test
    void liveMinutesReplaceTheHistorysAndOldMinutesFallOff() {
        Traffic traffic = new Traffic();
        traffic.addHistory(List.of(new ApiMinuteRow(MINUTE, ApiMetrics.USER_ITEMS, 3, 0, 0, 1, 1, 1),
                new ApiMinuteRow(MINUTE.minus(Duration.ofMinutes(60)), ApiMetrics.USER_ITEMS, 7, 0, 0, 1, 1, 1)));
        Instant now = MINUTE.plusSeconds(40);
        traffic.addLive(new ApiMetrics.Live(now, List.of(
                new MinuteStats(MINUTE, ApiMetrics.USER_ITEMS, 5, 0, 0, 1, 1, 1))));

        List<TrafficPoint> points = traffic.points(now);
        assertThat(points.stream().mapToLong(TrafficPoint::requests).sum()).isEqualTo(5);
    }
}
