package io.mlservice.bench;

import java.util.Arrays;

/**
 * The answers of every client during the current reporting interval: latencies of the good ones and a count of
 * the failed ones, handed over and restarted at each interval's end. Clients record concurrently.
 */
final class IntervalLatencies {
    /** One interval's answers. */
    record Drained(long requests, long errors, double p99Millis, double maxMillis) {
    }

    private long[] latencies = new long[1 << 16];
    private int count;
    private long errors;

    synchronized void answered(long nanos) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = nanos;
    }

    synchronized void failed() {
        errors++;
    }

    /** This interval's answers; the next interval starts empty. */
    Drained drain() {
        long[] taken;
        long failed;
        synchronized (this) {
            taken = Arrays.copyOf(latencies, count);
            failed = errors;
            count = 0;
            errors = 0;
        }
        Arrays.sort(taken);
        double p99 = taken.length == 0 ? 0 : taken[Math.max(0, (int) Math.ceil(0.99 * taken.length) - 1)] / 1e6;
        double max = taken.length == 0 ? 0 : taken[taken.length - 1] / 1e6;
        return new Drained(taken.length + failed, failed, p99, max);
    }
}
