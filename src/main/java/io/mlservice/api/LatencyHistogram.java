package io.mlservice.api;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts latencies in fixed logarithmic buckets, 16 per power of two (at most 6.25% wide), from 1 µs to about
 * 18 minutes; recording is two atomic updates and allocates nothing.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 4;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    /** 2^10 ns ≈ 1 µs: anything faster counts as 1 µs. */
    private static final int MIN_EXPONENT = 10;
    /** 2^40 ns ≈ 18 min: anything slower counts as that. */
    private static final int MAX_EXPONENT = 40;
    static final int BUCKETS = (MAX_EXPONENT - MIN_EXPONENT + 1) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong maxNanos = new AtomicLong();

    void record(long nanos) {
        counts.incrementAndGet(bucket(nanos));
        long max = maxNanos.get();
        while (nanos > max && !maxNanos.compareAndSet(max, nanos)) {
            max = maxNanos.get();
        }
    }

    long count() {
        long total = 0;
        for (int b = 0; b < BUCKETS; b++) {
            total += counts.get(b);
        }
        return total;
    }

    long maxNanos() {
        return maxNanos.get();
    }

    /**
     * The latency below which a fraction {@code q} of the recorded ones fall: the middle of the bucket holding
     * that rank, never above the largest value seen; 0 when nothing was recorded.
     */
    long percentileNanos(double q) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += counts.get(b);
            if (seen >= rank) {
                return Math.min(middle(b), maxNanos.get());
            }
        }
        return maxNanos.get();
    }

    static int bucket(long nanos) {
        long v = Math.max(nanos, 1L << MIN_EXPONENT);
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (v >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
        return (exponent - MIN_EXPONENT) * SUB_BUCKETS + sub;
    }

    /** Lower bound of a bucket, in nanoseconds. */
    static long lowerBound(int bucket) {
        int exponent = bucket / SUB_BUCKETS + MIN_EXPONENT;
        long sub = bucket % SUB_BUCKETS;
        return (SUB_BUCKETS + sub) << (exponent - SUB_BITS);
    }

    private static long middle(int bucket) {
        long low = lowerBound(bucket);
        long high = bucket + 1 < BUCKETS ? lowerBound(bucket + 1) : low * 2;
        return (low + high) / 2;
    }
}
