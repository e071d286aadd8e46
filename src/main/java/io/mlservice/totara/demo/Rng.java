package io.mlservice.totara.demo;

import java.util.List;

/**
 * SplitMix64 random numbers. Used instead of {@link java.util.Random} or {@link java.util.SplittableRandom} so that
 * the generated files are byte-identical on every JDK: the algorithm and every derived draw are fixed here, and the
 * transcendental functions come from {@link StrictMath}, whose results do not vary by platform.
 */
final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;

    private Rng(long state) {
        this.state = state;
    }

    /** An independent stream per (seed, tenant, purpose), so that changing one part of the output leaves the rest. */
    static Rng stream(long seed, int tenant, Purpose purpose) {
        long s = mix(seed + GOLDEN);
        s = mix(s ^ mix((tenant + 1L) * GOLDEN));
        s = mix(s ^ mix((purpose.ordinal() + 1L) * 0xD1B54A32D192ED03L));
        return new Rng(s);
    }

    long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), by multiply-shift: its bias below 2^-32 is irrelevant here. */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    boolean chance(double probability) {
        return nextDouble() < probability;
    }

    /** Standard normal by Box-Muller. */
    double gaussian() {
        double u = 1.0 - nextDouble();
        double v = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * Math.PI * v);
    }

    /** exp(sigma * N(0,1)): the heavy-tailed weights for popularity and activity. */
    double logNormal(double sigma) {
        return StrictMath.exp(sigma * gaussian());
    }

    <T> T pick(List<T> values) {
        return values.get(nextInt(values.size()));
    }

    void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** What a stream is used for. Append new purposes at the end: the ordinal feeds the stream's seed. */
    enum Purpose { SITE, ITEMS, ITEM_TEXT, USERS, USER_PROFILES, INTERACTIONS }
}
