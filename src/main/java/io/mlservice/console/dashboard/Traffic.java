package io.mlservice.console.dashboard;

import io.mlservice.api.ApiMetrics;
import io.mlservice.api.MinuteStats;
import io.mlservice.history.ApiMinuteRow;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last hour of API traffic, per minute: the history's minutes when the dashboard opens, then the service's
 * live minutes as they come. Not thread-safe: one refresh at a time.
 */
final class Traffic {
    /** Minutes shown. */
    static final int MINUTES = 60;
    /** The running minute's rate is measured over at least this long, so its first seconds do not spike. */
    private static final long MIN_RATE_MILLIS = 15_000;

    /** Per minute, per endpoint. */
    private final TreeMap<Instant, Map<String, MinuteStats>> minutes = new TreeMap<>();

    /** Adds minutes the history kept. */
    void addHistory(List<ApiMinuteRow> rows) {
        for (ApiMinuteRow r : rows) {
            put(new MinuteStats(r.minute(), r.endpoint(), r.requests(), r.errors(), r.coldStarts(), r.p50Millis(),
                    r.p99Millis(), r.maxMillis()));
        }
    }

    /** Adds (replaces) the live minutes. */
    void addLive(ApiMetrics.Live live) {
        for (MinuteStats m : live.minutes()) {
            if (m.requests() > 0 || minutes.containsKey(m.minute())) {
                put(m);
            }
        }
    }

    /** The last {@value #MINUTES} minutes up to the running one, oldest first; minutes without traffic as zero. */
    List<TrafficPoint> points(Instant now) {
        Instant current = now.truncatedTo(ChronoUnit.MINUTES);
        Instant first = current.minus(Duration.ofMinutes(MINUTES - 1));
        minutes.headMap(first).clear();
        List<TrafficPoint> out = new ArrayList<>(MINUTES);
        for (Instant m = first; !m.isAfter(current); m = m.plus(Duration.ofMinutes(1))) {
            Map<String, MinuteStats> byEndpoint = minutes.getOrDefault(m, Map.of());
            long elapsed = m.equals(current) ? Math.max(MIN_RATE_MILLIS, Duration.between(m, now).toMillis())
                    : 60_000;
            out.add(point(m, byEndpoint, elapsed));
        }
        return out;
    }

    private void put(MinuteStats m) {
        minutes.computeIfAbsent(m.minute(), k -> new TreeMap<>()).put(m.endpoint(), m);
    }

    private static TrafficPoint point(Instant minute, Map<String, MinuteStats> byEndpoint, long elapsedMillis) {
        long requests = 0;
        long signed = 0;
        double weightedP50 = 0;
        double p99 = Double.NaN;
        for (MinuteStats s : byEndpoint.values()) {
            requests += s.requests();
            // refused requests (unsigned, or too many at once) take no work: they would only pull the latency down
            if (ApiMetrics.REFUSALS.contains(s.endpoint()) || s.requests() == 0 || Double.isNaN(s.p50Millis())) {
                continue;
            }
            signed += s.requests();
            weightedP50 += s.p50Millis() * s.requests();
            if (!Double.isNaN(s.p99Millis())) {
                p99 = Double.isNaN(p99) ? s.p99Millis() : Math.max(p99, s.p99Millis());
            }
        }
        double perMinute = requests * 60_000.0 / elapsedMillis;
        return new TrafficPoint(minute, requests, perMinute, signed == 0 ? Double.NaN : weightedP50 / signed, p99);
    }
}
