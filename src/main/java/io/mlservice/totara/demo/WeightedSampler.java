package io.mlservice.totara.demo;

import java.util.Arrays;

/**
 * Draws values with probability proportional to fixed weights in constant time (Vose's alias method): the
 * interaction stream draws a few million times from catalogues of tens of thousands of items.
 */
final class WeightedSampler {
    private final int[] values;
    private final double[] keep;
    private final int[] alias;

    /** Draws from {@code values}, each with its weight; empty is allowed (then {@link #isEmpty()}). */
    WeightedSampler(int[] values, double[] weights) {
        if (values.length != weights.length) {
            throw new IllegalArgumentException("values and weights differ in length");
        }
        int n = weights.length;
        this.values = values.clone();
        this.keep = new double[n];
        this.alias = new int[n];
        double sum = 0;
        for (double w : weights) {
            if (!(w > 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be positive and finite: " + w);
            }
            sum += w;
        }
        int[] small = new int[n];
        int[] large = new int[n];
        int smalls = 0;
        int larges = 0;
        double[] scaled = new double[n];
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / sum;
            if (scaled[i] < 1) {
                small[smalls++] = i;
            } else {
                large[larges++] = i;
            }
        }
        while (smalls > 0 && larges > 0) {
            int s = small[--smalls];
            int l = large[--larges];
            keep[s] = scaled[s];
            alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            if (scaled[l] < 1) {
                small[smalls++] = l;
            } else {
                large[larges++] = l;
            }
        }
        // what is left is 1 up to rounding
        while (larges > 0) {
            keep[large[--larges]] = 1;
        }
        while (smalls > 0) {
            keep[small[--smalls]] = 1;
        }
    }

    /** Draws 0..n-1 with the given weights. */
    static WeightedSampler ofWeights(double[] weights) {
        int[] values = new int[weights.length];
        Arrays.setAll(values, i -> i);
        return new WeightedSampler(values, weights);
    }

    boolean isEmpty() {
        return values.length == 0;
    }

    int draw(Rng rng) {
        int column = rng.nextInt(values.length);
        return values[rng.nextDouble() < keep[column] ? column : alias[column]];
    }
}
