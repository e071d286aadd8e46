package io.mlservice.model;

import io.mlservice.data.FeatureMatrix;
import org.ejml.data.FMatrixRMaj;
import org.ejml.sparse.csc.CommonOps_FSCC;

/**
 * A trained hybrid factorisation model: an embedding per user feature and per item feature, and a bias per item
 * feature. A user's vector is the weighted sum of its features' embeddings, likewise an item's; the score of
 * (user, item) is their dot product plus the item's bias. Immutable: the arrays are never handed out for writing.
 */
public final class HybridModel {
    private final int components;
    private final FMatrixRMaj userEmbeddings;
    private final FMatrixRMaj itemEmbeddings;
    private final float[] itemBiases;

    /** Takes ownership of the arrays: callers must not keep references to them. */
    public HybridModel(FMatrixRMaj userEmbeddings, FMatrixRMaj itemEmbeddings, float[] itemBiases) {
        if (userEmbeddings.numCols != itemEmbeddings.numCols) {
            throw new IllegalArgumentException("user and item embeddings differ in size");
        }
        if (itemBiases.length != itemEmbeddings.numRows) {
            throw new IllegalArgumentException("one bias per item feature expected");
        }
        this.components = userEmbeddings.numCols;
        this.userEmbeddings = userEmbeddings;
        this.itemEmbeddings = itemEmbeddings;
        this.itemBiases = itemBiases;
    }

    public int components() {
        return components;
    }

    public int userFeatureCount() {
        return userEmbeddings.numRows;
    }

    public int itemFeatureCount() {
        return itemEmbeddings.numRows;
    }

    /** Users × k: each user's vector. */
    public FMatrixRMaj userRepresentations(FeatureMatrix userFeatures) {
        return project(userFeatures, userEmbeddings);
    }

    /** Items × k: each item's vector. */
    public FMatrixRMaj itemRepresentations(FeatureMatrix itemFeatures) {
        return project(itemFeatures, itemEmbeddings);
    }

    /** Each item's bias: the weighted sum of its features' biases. */
    public float[] itemBiases(FeatureMatrix itemFeatures) {
        checkWidth(itemFeatures, itemEmbeddings);
        float[] out = new float[itemFeatures.rows()];
        int[] start = itemFeatures.rowStart();
        int[] cols = itemFeatures.columns();
        float[] vals = itemFeatures.values();
        for (int r = 0; r < out.length; r++) {
            float b = 0f;
            for (int p = start[r]; p < start[r + 1]; p++) {
                b += vals[p] * itemBiases[cols[p]];
            }
            out[r] = b;
        }
        return out;
    }

    /** Copies, for saving or inspection. */
    public FMatrixRMaj userEmbeddings() {
        return userEmbeddings.copy();
    }

    public FMatrixRMaj itemEmbeddings() {
        return itemEmbeddings.copy();
    }

    public float[] itemFeatureBiases() {
        return itemBiases.clone();
    }

    private static FMatrixRMaj project(FeatureMatrix features, FMatrixRMaj embeddings) {
        checkWidth(features, embeddings);
        return CommonOps_FSCC.multTransA(features.transposedCsc(), embeddings, null, null);
    }

    private static void checkWidth(FeatureMatrix features, FMatrixRMaj embeddings) {
        if (features.featureCount() != embeddings.numRows) {
            throw new IllegalArgumentException("the model knows " + embeddings.numRows + " features, the matrix has "
                    + features.featureCount());
        }
    }
}
