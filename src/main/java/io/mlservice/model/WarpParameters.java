package io.mlservice.model;

import org.ejml.data.FMatrixRMaj;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What a WARP run learns (feature embeddings and item feature biases) and the optimiser's state for each of them
 * (Adagrad's squared gradient sums, or Adadelta's as well as its squared update sums), with copies to go back to.
 * The arrays are shared with the run's threads, which update them without locks.
 */
final class WarpParameters {
    /** The embeddings live in EJML matrices; the training loop works on their backing arrays. */
    final FMatrixRMaj userEmbeddings;
    final FMatrixRMaj itemEmbeddings;
    final float[] userEmb;
    final float[] itemEmb;
    final float[] itemBias;
    final float[] userGrad;
    final float[] itemGrad;
    final float[] biasGrad;
    /** Adadelta's squared update sums; null under Adagrad. */
    final float[] userDelta;
    final float[] itemDelta;
    final float[] biasDelta;

    /**
     * Random initial embeddings of {@code components} columns for the given feature counts, drawn from
     * {@code random} (users' first, then items'), zero biases and a fresh optimiser state for {@code schedule}.
     */
    WarpParameters(int userFeatureCount, int itemFeatureCount, int components, LearningSchedule schedule,
                   SplittableRandom random) {
        userEmbeddings = initialEmbeddings(userFeatureCount, components, random);
        itemEmbeddings = initialEmbeddings(itemFeatureCount, components, random);
        userEmb = userEmbeddings.data;
        itemEmb = itemEmbeddings.data;
        itemBias = new float[itemFeatureCount];
        boolean adagrad = schedule == LearningSchedule.ADAGRAD;
        float start = adagrad ? 1f : 0f;
        userGrad = filled(userEmb.length, start);
        itemGrad = filled(itemEmb.length, start);
        biasGrad = filled(itemBias.length, start);
        userDelta = adagrad ? null : new float[userEmb.length];
        itemDelta = adagrad ? null : new float[itemEmb.length];
        biasDelta = adagrad ? null : new float[itemBias.length];
    }

    /**
     * Puts a trained model's embeddings and biases in place of the random ones, row by row: {@code userRows[f]} and
     * {@code itemRows[f]} name the model's row for this run's feature {@code f}, or -1 to keep its fresh start.
     * The optimiser's state stays fresh.
     */
    void adopt(HybridModel model, int[] userRows, int[] itemRows) {
        int k = userEmbeddings.numCols;
        if (model.components() != k || userRows.length != userEmbeddings.numRows
                || itemRows.length != itemEmbeddings.numRows) {
            throw new IllegalArgumentException("the model does not fit this run: k=" + model.components()
                    + " for k=" + k);
        }
        copyRows(model.userEmbeddings().data, userRows, userEmb, k);
        copyRows(model.itemEmbeddings().data, itemRows, itemEmb, k);
        copyRows(model.itemFeatureBiases(), itemRows, itemBias, 1);
    }

    private static void copyRows(float[] from, int[] rows, float[] to, int width) {
        for (int f = 0; f < rows.length; f++) {
            if (rows[f] >= 0) {
                System.arraycopy(from, rows[f] * width, to, f * width, width);
            }
        }
    }

    /** Copies the parameters and the optimiser's state as they stand after {@code epochsDone} epochs. */
    TrainingCheckpoint checkpoint(int epochsDone) {
        float[][] state = state();
        float[][] copies = new float[state.length][];
        for (int a = 0; a < state.length; a++) {
            copies[a] = state[a] == null ? null : state[a].clone();
        }
        return new TrainingCheckpoint(epochsDone, copies);
    }

    /** Puts back the parameters and the optimiser's state of a checkpoint of these parameters. */
    void restore(TrainingCheckpoint checkpoint) {
        float[][] state = state();
        for (int a = 0; a < state.length; a++) {
            if (state[a] != null) {
                System.arraycopy(checkpoint.arrays()[a], 0, state[a], 0, state[a].length);
            }
        }
    }

    /** The model as it stands now (a copy: training may go on). */
    HybridModel snapshot() {
        return new HybridModel(
                userEmbeddings.copy(),
                itemEmbeddings.copy(),
                itemBias.clone());
    }

    private float[][] state() {
        return new float[][]{userEmb, itemEmb, itemBias, userGrad, itemGrad, biasGrad, userDelta, itemDelta,
                biasDelta};
    }

    private static FMatrixRMaj initialEmbeddings(int rows, int k, SplittableRandom random) {
        FMatrixRMaj m = new FMatrixRMaj(rows, k);
        float[] e = m.data;
        for (int i = 0; i < e.length; i++) {
            e[i] = (float) ((random.nextDouble() - 0.5) / k);
        }
        return m;
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        if (value != 0f) {
            Arrays.fill(a, value);
        }
        return a;
    }
}
