package io.mlservice.model;

import java.util.Arrays;

/**
 * An item × item weight matrix kept sparse: for each item, its strongest {@code perItem} neighbours by weight, as
 * compressed rows ({@code start}, {@code neighbours}, {@code weights}). A user's score for item j is the sum, over
 * the items i the user interacted with, of the weight of j in row i. Pruning EASE^R's dense weights this way keeps
 * its ranking power at a small fraction of its size (2,000 items × 100 neighbours is 1.6 MB instead of 16 MB).
 * Immutable: the arrays are never handed out for writing.
 */
public final class ItemNeighbours {
    private final int itemCount;
    private final int[] start;
    private final int[] neighbours;
    private final float[] weights;

    /**
     * @param start      itemCount + 1 ascending offsets into the other two arrays
     * @param neighbours the neighbour items of each row, each within [0, itemCount)
     * @param weights    their weights
     */
    public ItemNeighbours(int itemCount, int[] start, int[] neighbours, float[] weights) {
        if (start.length != itemCount + 1 || start[0] != 0 || start[itemCount] != neighbours.length
                || neighbours.length != weights.length) {
            throw new IllegalArgumentException("item neighbours: offsets do not fit " + itemCount + " items and "
                    + neighbours.length + " neighbours");
        }
        for (int i = 0; i < itemCount; i++) {
            if (start[i] > start[i + 1]) {
                throw new IllegalArgumentException("item neighbours: offsets descend at item " + i);
            }
        }
        for (int n : neighbours) {
            if (n < 0 || n >= itemCount) {
                throw new IllegalArgumentException("item neighbours: neighbour " + n + " is not one of "
                        + itemCount + " items");
            }
        }
        this.itemCount = itemCount;
        this.start = start.clone();
        this.neighbours = neighbours.clone();
        this.weights = weights.clone();
    }

    /** Keeps each row's {@code perItem} largest positive weights of {@code model} (EASE^R's negatives hardly rank). */
    public static ItemNeighbours prune(EaseModel model, int perItem) {
        int n = model.itemCount();
        int keep = Math.min(perItem, Math.max(0, n - 1));
        int[] start = new int[n + 1];
        int[] neighbours = new int[n * keep];
        float[] weights = new float[n * keep];
        float[] row = new float[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                row[j] = model.weight(i, j);
            }
            int[] best = topPositive(row, keep);
            Arrays.sort(best);
            for (int j : best) {
                neighbours[m] = j;
                weights[m] = row[j];
                m++;
            }
            start[i + 1] = m;
        }
        return new ItemNeighbours(n, start, Arrays.copyOf(neighbours, m), Arrays.copyOf(weights, m));
    }

    /** Indexes of the {@code keep} largest positive values, by selection on a min-heap of size keep. */
    private static int[] topPositive(float[] row, int keep) {
        int[] heap = new int[keep];
        int size = 0;
        for (int j = 0; j < row.length; j++) {
            float v = row[j];
            if (!(v > 0f)) {
                continue;
            }
            if (size < keep) {
                heap[size] = j;
                siftUp(heap, size++, row);
            } else if (keep > 0 && v > row[heap[0]]) {
                heap[0] = j;
                siftDown(heap, size, row);
            }
        }
        return Arrays.copyOf(heap, size);
    }

    private static void siftUp(int[] heap, int at, float[] row) {
        int i = at;
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (row[heap[parent]] <= row[heap[i]]) {
                return;
            }
            swap(heap, parent, i);
            i = parent;
        }
    }

    private static void siftDown(int[] heap, int size, float[] row) {
        int i = 0;
        while (true) {
            int smallest = i;
            int l = 2 * i + 1;
            int r = l + 1;
            if (l < size && row[heap[l]] < row[heap[smallest]]) {
                smallest = l;
            }
            if (r < size && row[heap[r]] < row[heap[smallest]]) {
                smallest = r;
            }
            if (smallest == i) {
                return;
            }
            swap(heap, i, smallest);
            i = smallest;
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    public int itemCount() {
        return itemCount;
    }

    /** Stored (item, neighbour) weights. */
    public int size() {
        return neighbours.length;
    }

    public int start(int item) {
        return start[item];
    }

    public int end(int item) {
        return start[item + 1];
    }

    public int neighbour(int position) {
        return neighbours[position];
    }

    public float weight(int position) {
        return weights[position];
    }

    /** Adds row {@code item}, times {@code x}, to {@code scores[offset + neighbour]}. */
    public void addRow(int item, float x, float[] scores, int offset) {
        for (int p = start[item]; p < start[item + 1]; p++) {
            scores[offset + neighbours[p]] += x * weights[p];
        }
    }

    /** The offsets, for the model file. */
    int[] starts() {
        return start.clone();
    }

    int[] neighbourArray() {
        return neighbours.clone();
    }

    float[] weightArray() {
        return weights.clone();
    }
}
