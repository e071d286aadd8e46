package io.mlservice.model;

import io.mlservice.data.Interactions;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_FDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_MT_FDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

import java.util.concurrent.CancellationException;

/**
 * Steck's EASE^R ("Embarrassingly Shallow Autoencoders for Sparse Data", 2019): an item × item weight matrix
 * {@code B = I − P·diag(1/diag(P))} with {@code P = (XᵀX + λI)⁻¹} and a zero diagonal, so that a user's scores are
 * their binary interaction row times {@code B}. One Gram matrix and one symmetric inverse, both dense and in float.
 * Immutable: the weights are never handed out for writing.
 */
public final class EaseModel {
    /**
     * Dense item × item float matrices held at once while choosing λ: the Gram matrix, its penalised copy, the
     * solver's blocked factor and the inverse.
     */
    private static final int MATRICES_WHILE_FITTING = 4;

    private final double lambda;
    private final FMatrixRMaj weights;

    private EaseModel(double lambda, FMatrixRMaj weights) {
        this.lambda = lambda;
        this.weights = weights;
    }

    /** Bytes of heap a fit over {@code items} items holds at its peak. */
    public static long bytesToFit(int items) {
        return MATRICES_WHILE_FITTING * (long) items * items * Float.BYTES;
    }

    /** Fits the weights to {@code train}'s (user, item) pairs; {@code threads} above 1 factorises concurrently. */
    public static EaseModel fit(Interactions train, double lambda, int threads) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("lambda must be positive, was " + lambda);
        }
        return fromGram(gram(train), lambda, threads);
    }

    /**
     * Fits from a Gram matrix {@code XᵀX} (left unchanged), so that several penalties can share one Gram matrix.
     */
    static EaseModel fromGram(FMatrixRMaj gram, double lambda, int threads) {
        int n = gram.numRows;
        FMatrixRMaj regularised = gram.copy();
        for (int i = 0; i < n; i++) {
            regularised.data[i * n + i] += (float) lambda;
        }
        LinearSolverDense<FMatrixRMaj> solver = threads > 1
                ? LinearSolverFactory_MT_FDRM.symmPosDef(n) : LinearSolverFactory_FDRM.symmPosDef(n);
        FMatrixRMaj inverse = new FMatrixRMaj(n, n);
        try {
            if (!solver.setA(regularised)) {
                throw new IllegalStateException("XᵀX + " + lambda + "·I is not positive definite");
            }
            solver.invert(inverse);
        } catch (RuntimeException e) {
            // The concurrent solver wraps an interrupt (the service stopping) in a RuntimeException: a stop, not a
            // failure of the training.
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new CancellationException("training cancelled");
            }
            throw e;
        }
        return new EaseModel(lambda, weightsFromInverse(inverse));
    }

    /** {@code B[i][j] = −P[i][j] / P[j][j]} off the diagonal, 0 on it; computed in place of P. */
    private static FMatrixRMaj weightsFromInverse(FMatrixRMaj p) {
        int n = p.numRows;
        float[] scale = new float[n];
        for (int j = 0; j < n; j++) {
            scale[j] = -1f / p.data[j * n + j];
        }
        float[] b = p.data;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                b[row + j] *= scale[j];
            }
            b[row + i] = 0f;
        }
        return p;
    }

    /** {@code XᵀX} of the binary user × item matrix: co-occurrence counts, item counts on the diagonal. */
    static FMatrixRMaj gram(Interactions train) {
        int n = train.itemCount();
        FMatrixRMaj g = new FMatrixRMaj(n, n);
        float[] data = g.data;
        Interactions.ByUser byUser = train.byUser();
        for (int u = 0; u < train.userCount(); u++) {
            int from = byUser.start(u);
            int to = byUser.end(u);
            for (int a = from; a < to; a++) {
                int row = byUser.item(a) * n;
                for (int b = from; b < to; b++) {
                    data[row + byUser.item(b)] += 1f;
                }
            }
        }
        return g;
    }

    public double lambda() {
        return lambda;
    }

    public int itemCount() {
        return weights.numRows;
    }

    /** The weight of item {@code from} in the score of item {@code to}. */
    public float weight(int from, int to) {
        return weights.data[from * weights.numCols + to];
    }

    /** Adds row {@code item} of B, times {@code x}, to {@code scores} (one item of a user's interaction row). */
    void addRow(int item, float x, float[] scores, int offset) {
        int n = weights.numCols;
        float[] b = weights.data;
        int row = item * n;
        for (int j = 0; j < n; j++) {
            scores[offset + j] += x * b[row + j];
        }
    }
}
