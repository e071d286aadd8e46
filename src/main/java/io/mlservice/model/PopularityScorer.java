package io.mlservice.model;

import io.mlservice.data.Interactions;

/** The baseline every report compares against: each item scored by its number of training interactions. */
public final class PopularityScorer implements ItemScorer {
    private final float[] counts;

    public PopularityScorer(Interactions train) {
        int[] c = train.itemCounts();
        counts = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            counts[i] = c[i];
        }
    }

    @Override
    public int itemCount() {
        return counts.length;
    }

    @Override
    public void score(int[] users, int count, float[] out) {
        for (int r = 0; r < count; r++) {
            System.arraycopy(counts, 0, out, r * counts.length, counts.length);
        }
    }
}
