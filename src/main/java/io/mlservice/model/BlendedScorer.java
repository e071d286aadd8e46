package io.mlservice.model;

import io.mlservice.data.Interactions;

/**
 * Scores as a tenant's model serves them: the factor model's scores plus the item-item term of an
 * {@link ItemItemBlend}, summed over each user's interactions in {@code interactions}.
 */
public final class BlendedScorer implements ItemScorer {
    private final ItemScorer factor;
    private final ItemItemBlend blend;
    private final Interactions.ByUser rows;

    /** @param interactions the users' rows the item-item weights multiply (the interactions trained on) */
    public BlendedScorer(ItemScorer factor, ItemItemBlend blend, Interactions interactions) {
        if (blend.present() && (blend.neighbours().itemCount() != factor.itemCount()
                || interactions.itemCount() != factor.itemCount())) {
            throw new IllegalArgumentException("the item-item part has " + blend.neighbours().itemCount()
                    + " items, the factor model " + factor.itemCount());
        }
        this.factor = factor;
        this.blend = blend;
        this.rows = interactions.byUser();
    }

    @Override
    public int itemCount() {
        return factor.itemCount();
    }

    @Override
    public void score(int[] users, int count, float[] out) {
        factor.score(users, count, out);
        if (!blend.present()) {
            return;
        }
        int n = factor.itemCount();
        ItemNeighbours neighbours = blend.neighbours();
        for (int r = 0; r < count; r++) {
            int u = users[r];
            for (int p = rows.start(u); p < rows.end(u); p++) {
                neighbours.addRow(rows.item(p), blend.weight(), out, r * n);
            }
        }
    }
}
