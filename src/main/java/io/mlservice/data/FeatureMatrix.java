package io.mlservice.data;

import org.ejml.data.FMatrixSparseCSC;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A sparse rows × features matrix in compressed-row form, with a name per feature column.
 * Rows are users or items; the training loop walks a row's entries directly on these arrays.
 */
public final class FeatureMatrix {
    private final int rows;
    private final List<String> featureNames;
    private final int[] rowStart;
    private final int[] columns;
    private final float[] values;

    /**
     * @param rowStart length rows + 1; the entries of row r are at [rowStart[r], rowStart[r + 1])
     */
    public FeatureMatrix(int rows, List<String> featureNames, int[] rowStart, int[] columns, float[] values) {
        this.rows = rows;
        this.featureNames = List.copyOf(featureNames);
        this.rowStart = Objects.requireNonNull(rowStart);
        this.columns = Objects.requireNonNull(columns);
        this.values = Objects.requireNonNull(values);
        if (rowStart.length != rows + 1 || rowStart[0] != 0 || rowStart[rows] != columns.length
                || columns.length != values.length) {
            throw new IllegalArgumentException("inconsistent compressed-row arrays");
        }
        int cols = this.featureNames.size();
        for (int r = 0; r < rows; r++) {
            if (rowStart[r] > rowStart[r + 1]) {
                throw new IllegalArgumentException("row starts must not decrease (row " + r + ")");
            }
        }
        for (int c : columns) {
            if (c < 0 || c >= cols) {
                throw new IllegalArgumentException("column " + c + " outside 0.." + (cols - 1));
            }
        }
    }

    /** The identity matrix: one feature per row, named by the given ids. */
    public static FeatureMatrix identity(List<String> names) {
        int n = names.size();
        int[] start = new int[n + 1];
        int[] cols = new int[n];
        float[] vals = new float[n];
        for (int i = 0; i < n; i++) {
            start[i + 1] = i + 1;
            cols[i] = i;
            vals[i] = 1f;
        }
        return new FeatureMatrix(n, names, start, cols, vals);
    }

    public int rows() {
        return rows;
    }

    public int featureCount() {
        return featureNames.size();
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public int nonZeros() {
        return columns.length;
    }

    /** Backing arrays, shared, not copied: callers must not modify them. */
    public int[] rowStart() {
        return rowStart;
    }

    public int[] columns() {
        return columns;
    }

    public float[] values() {
        return values;
    }

    /** A copy whose rows each sum to 1 in absolute value (rows without entries stay empty). */
    public FeatureMatrix l1NormalisedRows() {
        float[] scaled = values.clone();
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int p = rowStart[r]; p < rowStart[r + 1]; p++) {
                sum += Math.abs(scaled[p]);
            }
            if (sum > 0) {
                for (int p = rowStart[r]; p < rowStart[r + 1]; p++) {
                    scaled[p] = (float) (scaled[p] / sum);
                }
            }
        }
        return new FeatureMatrix(rows, featureNames, rowStart, columns, scaled);
    }

    /** The rows of this matrix followed by the columns of {@code right}, side by side. */
    public FeatureMatrix concatColumns(FeatureMatrix right) {
        if (right.rows != rows) {
            throw new IllegalArgumentException("row counts differ: " + rows + " and " + right.rows);
        }
        int offset = featureCount();
        int[] start = new int[rows + 1];
        int[] cols = new int[nonZeros() + right.nonZeros()];
        float[] vals = new float[cols.length];
        int p = 0;
        for (int r = 0; r < rows; r++) {
            for (int q = rowStart[r]; q < rowStart[r + 1]; q++, p++) {
                cols[p] = columns[q];
                vals[p] = values[q];
            }
            for (int q = right.rowStart[r]; q < right.rowStart[r + 1]; q++, p++) {
                cols[p] = right.columns[q] + offset;
                vals[p] = right.values[q];
            }
            start[r + 1] = p;
        }
        List<String> names = new ArrayList<>(featureNames);
        names.addAll(right.featureNames);
        return new FeatureMatrix(rows, names, start, cols, vals);
    }

    /**
     * This matrix transposed (features × rows) as an EJML compressed-column matrix sharing no arrays with this
     * one; {@code CommonOps_FSCC.multTransA(t, embeddings, ...)} then gives rows × embeddings.
     */
    public FMatrixSparseCSC transposedCsc() {
        FMatrixSparseCSC t = new FMatrixSparseCSC(featureCount(), rows, 0);
        t.col_idx = rowStart.clone();
        t.nz_rows = columns.clone();
        t.nz_values = values.clone();
        t.nz_length = columns.length;
        t.indicesSorted = false;
        return t;
    }

    /** The value at (row, feature), 0 when absent. For tests and explanations, not for hot loops. */
    public float get(int row, int feature) {
        for (int p = rowStart[row]; p < rowStart[row + 1]; p++) {
            if (columns[p] == feature) {
                return values[p];
            }
        }
        return 0f;
    }

    @Override
    public String toString() {
        return "FeatureMatrix[" + rows + " x " + featureCount() + ", nnz=" + nonZeros() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureMatrix m && rows == m.rows && featureNames.equals(m.featureNames)
                && Arrays.equals(rowStart, m.rowStart) && Arrays.equals(columns, m.columns)
                && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rows, featureNames, Arrays.hashCode(columns));
    }
}
