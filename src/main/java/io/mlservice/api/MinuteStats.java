package io.mlservice.api;

import java.time.Instant;

/**
 * One endpoint's traffic during one minute.
 *
 * @param minute     the start of the minute (UTC)
 * @param endpoint   {@code /user-items}, {@code /similar-items}, {@code /health-check}, {@code unauthorised} or
 *                   {@code overloaded}
 * @param requests   answers given
 * @param errors     answers that were not HTTP 200, or were {@code success: false}
 * @param coldStarts answers for users the model did not know, served from the tenant's popular items
 * @param p50Millis  median latency, from the request's first byte to its answer being ready to write
 * @param p99Millis  99th percentile latency
 * @param maxMillis  slowest answer
 */
public record MinuteStats(Instant minute, String endpoint, long requests, long errors, long coldStarts,
                          double p50Millis, double p99Millis, double maxMillis) {
}
