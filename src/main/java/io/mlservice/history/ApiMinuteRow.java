package io.mlservice.history;

import java.time.Instant;
import java.util.Objects;

/**
 * What one API endpoint served in one minute. Latencies are NaN for a minute without requests.
 *
 * @param minute     the start of the minute
 * @param endpoint   the route, e.g. {@code /user-items}
 * @param requests   requests answered
 * @param errors     of those, answers that were not a success
 * @param coldStarts of those, answers for unknown users served from popular items
 */
public record ApiMinuteRow(Instant minute, String endpoint, long requests, long errors, long coldStarts,
                           double p50Millis, double p99Millis, double maxMillis) {

    public ApiMinuteRow {
        Objects.requireNonNull(minute, "minute");
        Objects.requireNonNull(endpoint, "endpoint");
    }
}
