package io.mlservice.model;

import io.mlservice.data.FeatureMatrix;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/** Scores items for users with a hybrid model: one dense product per block of users. */
public final class ModelScorer implements ItemScorer {
    private final FMatrixRMaj users;
    private final FMatrixRMaj items;
    private final float[] biases;

    public ModelScorer(HybridModel model, FeatureMatrix userFeatures, FeatureMatrix itemFeatures) {
        this.users = model.userRepresentations(userFeatures);
        this.items = model.itemRepresentations(itemFeatures);
        this.biases = model.itemBiases(itemFeatures);
    }

    @Override
    public int itemCount() {
        return items.numRows;
    }

    @Override
    public void score(int[] userIndexes, int count, float[] out) {
        int k = users.numCols;
        FMatrixRMaj block = new FMatrixRMaj(count, k);
        for (int r = 0; r < count; r++) {
            System.arraycopy(users.data, userIndexes[r] * k, block.data, r * k, k);
        }
        FMatrixRMaj scores = FMatrixRMaj.wrap(count, items.numRows, out);
        CommonOps_FDRM.multTransB(block, items, scores);
        int n = items.numRows;
        for (int r = 0; r < count; r++) {
            int base = r * n;
            for (int i = 0; i < n; i++) {
                out[base + i] += biases[i];
            }
        }
    }
}
