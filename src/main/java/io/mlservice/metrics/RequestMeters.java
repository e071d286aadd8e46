package io.mlservice.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mlservice.api.ApiMetrics;
import io.mlservice.api.RequestObserver;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The API's requests as Prometheus series: one timer per endpoint and outcome ({@value #REQUESTS}, a histogram with
 * fixed buckets) and the cold starts of {@code /user-items} ({@value #COLD_STARTS}). Every series exists from
 * the start, at zero, so rates work from the first scrape; recording looks nothing up and allocates nothing.
 */
final class RequestMeters implements RequestObserver {
    static final String REQUESTS = "mlservice.http.requests";
    static final String COLD_STARTS = "mlservice.http.cold.starts";
    /** Where a refused request's path is none of the endpoints (any text a client sent). */
    static final String OTHER = "other";
    /** Totara gives up after 2 s: the buckets are finest below that. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};
    private static final List<String> ENDPOINTS = List.of(ApiMetrics.USER_ITEMS, ApiMetrics.SIMILAR_ITEMS,
            ApiMetrics.HEALTH_CHECK, OTHER);
    private static final int OTHER_INDEX = ENDPOINTS.size() - 1;

    /** How a request ended, the {@code outcome} label. */
    enum Outcome {
        /** HTTP 200 with a successful answer. */
        SUCCESS,
        /** Any other answer of a route: 400, 405, 500, or {@code success: false}. */
        ERROR,
        /** 401 from the signature check. */
        UNAUTHORISED,
        /** 503: too many requests in flight. */
        OVERLOADED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Timer[][] timers = new Timer[ENDPOINTS.size()][Outcome.values().length];
    private final Counter[] coldStarts = new Counter[ENDPOINTS.size()];

    RequestMeters(MeterRegistry meters) {
        for (int e = 0; e < ENDPOINTS.size(); e++) {
            for (Outcome outcome : Outcome.values()) {
                // an unknown path is only ever refused; the other outcomes belong to the routes
                if (e != OTHER_INDEX || outcome == Outcome.UNAUTHORISED || outcome == Outcome.OVERLOADED) {
                    timers[e][outcome.ordinal()] = timer(meters, ENDPOINTS.get(e), outcome);
                }
            }
        }
        // only /user-items has cold starts (a user the model does not know); the label keeps room for others
        coldStarts[index(ApiMetrics.USER_ITEMS)] = Counter.builder(COLD_STARTS)
                .description("Answers for users the model did not know, served from the tenant's popular items")
                .tag("endpoint", ApiMetrics.USER_ITEMS).register(meters);
    }

    @Override
    public void answered(String endpoint, int status, boolean success, long nanos, boolean coldStart) {
        int e = index(endpoint);
        record(e, status == 200 && success ? Outcome.SUCCESS : Outcome.ERROR, nanos);
        if (coldStart && coldStarts[e] != null) {
            coldStarts[e].increment();
        }
    }

    @Override
    public void refused(String refusal, String path, int status, long nanos) {
        record(index(path), ApiMetrics.OVERLOADED.equals(refusal) ? Outcome.OVERLOADED : Outcome.UNAUTHORISED, nanos);
    }

    private void record(int endpoint, Outcome outcome, long nanos) {
        Timer timer = timers[endpoint][outcome.ordinal()];
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private static int index(String endpoint) {
        return switch (endpoint) {
            case ApiMetrics.USER_ITEMS -> 0;
            case ApiMetrics.SIMILAR_ITEMS -> 1;
            case ApiMetrics.HEALTH_CHECK -> 2;
            default -> OTHER_INDEX;
        };
    }

    private static Timer timer(MeterRegistry meters, String endpoint, Outcome outcome) {
        return Timer.builder(REQUESTS)
                .description("Requests to the API, from the first byte to the answer being ready, by endpoint and"
                        + " outcome")
                .tag("endpoint", endpoint)
                .tag("outcome", outcome.label())
                .serviceLevelObjectives(BUCKETS)
                .register(meters);
    }
}
