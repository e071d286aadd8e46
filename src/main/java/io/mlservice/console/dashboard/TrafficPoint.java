package io.mlservice.console.dashboard;

import java.time.Instant;

/**
 * The API's traffic in one minute, all endpoints together.
 *
 * @param minute     the start of the minute
 * @param requests   requests answered in it (so far, for the running minute)
 * @param perMinute  the rate: {@code requests}, or for the running minute the rate so far
 * @param p50Millis  median latency of the signed endpoints (request-weighted over endpoints); NaN without traffic
 * @param p99Millis  99th percentile latency: the highest of the endpoints' (an upper bound); NaN without traffic
 */
public record TrafficPoint(Instant minute, long requests, double perMinute, double p50Millis, double p99Millis) {
}
