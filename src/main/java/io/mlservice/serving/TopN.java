package io.mlservice.serving;

/**
 * Picks the best {@code n} positions of a score array range with a bounded min-heap, O(m log n) for m positions
 * instead of sorting them all. Higher scores first; equal scores go to the lower position so that answers are
 * deterministic.
 */
final class TopN {

    private TopN() {
    }

    /**
     * @param from    the first position considered
     * @param to      one past the last position considered
     * @param exclude a position never selected (the query item itself), or −1
     * @return the chosen positions, best first
     */
    static int[] select(float[] scores, int from, int to, int n, int exclude) {
        int[] heap = new int[Math.max(0, Math.min(n, to - from))];
        int size = 0;
        for (int c = from; c < to; c++) {
            if (c == exclude) {
                continue;
            }
            if (size < heap.length) {
                heap[size] = c;
                siftUp(scores, heap, size++);
            } else if (size > 0 && worse(scores, heap[0], c)) {
                heap[0] = c;
                siftDown(scores, heap, size);
            }
        }
        int[] best = new int[size];
        for (int k = size - 1; k >= 0; k--) {
            best[k] = heap[0];
            heap[0] = heap[k];
            siftDown(scores, heap, k);
        }
        return best;
    }

    /** True when {@code a} ranks below {@code b}. */
    private static boolean worse(float[] scores, int a, int b) {
        int c = Float.compare(scores[a], scores[b]);
        return c < 0 || (c == 0 && a > b);
    }

    private static void siftUp(float[] scores, int[] heap, int at) {
        int child = at;
        while (child > 0) {
            int parent = (child - 1) >>> 1;
            if (!worse(scores, heap[child], heap[parent])) {
                return;
            }
            swap(heap, child, parent);
            child = parent;
        }
    }

    private static void siftDown(float[] scores, int[] heap, int size) {
        int parent = 0;
        while (true) {
            int left = 2 * parent + 1;
            if (left >= size) {
                return;
            }
            int worst = left + 1 < size && worse(scores, heap[left + 1], heap[left]) ? left + 1 : left;
            if (!worse(scores, heap[worst], heap[parent])) {
                return;
            }
            swap(heap, worst, parent);
            parent = worst;
        }
    }

    private static void swap(int[] heap, int a, int b) {
        int t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}
