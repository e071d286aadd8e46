package io.mlservice.model;

import io.mlservice.data.Interactions;

import java.util.Arrays;

/** Scores items for users with EASE^R: each user's binary interaction row times the item × item weights. */
public final class EaseScorer implements ItemScorer {
    private final EaseModel model;
    private final Interactions.ByUser rows;

    /** @param interactions the users' rows that are multiplied by the weights (the training interactions) */
    public EaseScorer(EaseModel model, Interactions interactions) {
        if (interactions.itemCount() != model.itemCount()) {
            throw new IllegalArgumentException("the interactions have " + interactions.itemCount()
                    + " items, the model " + model.itemCount());
        }
        this.model = model;
        this.rows = interactions.byUser();
    }

    @Override
    public int itemCount() {
        return model.itemCount();
    }

    @Override
    public void score(int[] users, int count, float[] out) {
        int n = model.itemCount();
        Arrays.fill(out, 0, count * n, 0f);
        for (int r = 0; r < count; r++) {
            int u = users[r];
            for (int p = rows.start(u); p < rows.end(u); p++) {
                model.addRow(rows.item(p), 1f, out, r * n);
            }
        }
    }
}
