package io.mlservice.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link FeatureMatrix} row by row, naming feature columns as they first appear.
 * Adding the same feature twice to one row sums the weights.
 */
public final class FeatureMatrixBuilder {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<int[]> rowColumns = new ArrayList<>();
    private final List<float[]> rowValues = new ArrayList<>();
    private final Map<Integer, Float> current = new LinkedHashMap<>();
    private boolean open;

    /** Declares a column up front so that it exists (and keeps its position) even if no row uses it. */
    public FeatureMatrixBuilder declare(String feature) {
        index.computeIfAbsent(feature, f -> {
            names.add(f);
            return names.size() - 1;
        });
        return this;
    }

    public FeatureMatrixBuilder startRow() {
        if (open) {
            endRow();
        }
        open = true;
        return this;
    }

    public FeatureMatrixBuilder add(String feature, float weight) {
        if (!open) {
            throw new IllegalStateException("startRow() first");
        }
        if (weight == 0f) {
            return this;
        }
        declare(feature);
        current.merge(index.get(feature), weight, Float::sum);
        return this;
    }

    public FeatureMatrixBuilder endRow() {
        int[] cols = new int[current.size()];
        float[] vals = new float[current.size()];
        int i = 0;
        for (Map.Entry<Integer, Float> e : current.entrySet()) {
            cols[i] = e.getKey();
            vals[i++] = e.getValue();
        }
        sortByColumn(cols, vals);
        rowColumns.add(cols);
        rowValues.add(vals);
        current.clear();
        open = false;
        return this;
    }

    public FeatureMatrix build() {
        if (open) {
            endRow();
        }
        int rows = rowColumns.size();
        int[] start = new int[rows + 1];
        for (int r = 0; r < rows; r++) {
            start[r + 1] = start[r] + rowColumns.get(r).length;
        }
        int[] cols = new int[start[rows]];
        float[] vals = new float[start[rows]];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(rowColumns.get(r), 0, cols, start[r], rowColumns.get(r).length);
            System.arraycopy(rowValues.get(r), 0, vals, start[r], rowValues.get(r).length);
        }
        return new FeatureMatrix(rows, names, start, cols, vals);
    }

    private static void sortByColumn(int[] cols, float[] vals) {
        Integer[] order = new Integer[cols.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(cols[a], cols[b]));
        int[] c = cols.clone();
        float[] v = vals.clone();
        for (int i = 0; i < order.length; i++) {
            cols[i] = c[order[i]];
            vals[i] = v[order[i]];
        }
    }
}
