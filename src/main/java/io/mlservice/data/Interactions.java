package io.mlservice.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Positive (user, item) pairs with a sample weight each and a "seen" flag (the user interacted strongly).
 * Pairs are unique. Stored as parallel arrays so the trainer can walk them without boxing.
 */
public final class Interactions {
    private final int userCount;
    private final int itemCount;
    private final int[] users;
    private final int[] items;
    private final float[] weights;
    private final boolean[] seen;
    private volatile ByUser byUser;

    public Interactions(int userCount, int itemCount, int[] users, int[] items, float[] weights, boolean[] seen) {
        if (users.length != items.length || users.length != weights.length || users.length != seen.length) {
            throw new IllegalArgumentException("interaction arrays differ in length");
        }
        for (int p = 0; p < users.length; p++) {
            if (users[p] < 0 || users[p] >= userCount || items[p] < 0 || items[p] >= itemCount) {
                throw new IllegalArgumentException("interaction " + p + " outside " + userCount + " x " + itemCount);
            }
        }
        this.userCount = userCount;
        this.itemCount = itemCount;
        this.users = users;
        this.items = items;
        this.weights = weights;
        this.seen = seen;
    }

    public int size() {
        return users.length;
    }

    public int userCount() {
        return userCount;
    }

    public int itemCount() {
        return itemCount;
    }

    /** Backing arrays, shared: callers must not modify them. */
    public int[] users() {
        return users;
    }

    public int[] items() {
        return items;
    }

    public float[] weights() {
        return weights;
    }

    public boolean[] seen() {
        return seen;
    }

    /** The pairs grouped by user, items sorted, for membership tests and per-user walks. */
    public ByUser byUser() {
        ByUser b = byUser;
        if (b == null) {
            b = new ByUser(this);
            byUser = b;
        }
        return b;
    }

    /** The subset at the given positions. */
    public Interactions select(int[] positions) {
        int n = positions.length;
        int[] u = new int[n];
        int[] i = new int[n];
        float[] w = new float[n];
        boolean[] s = new boolean[n];
        for (int k = 0; k < n; k++) {
            int p = positions[k];
            u[k] = users[p];
            i[k] = items[p];
            w[k] = weights[p];
            s[k] = seen[p];
        }
        return new Interactions(userCount, itemCount, u, i, w, s);
    }

    /**
     * A seeded random split: each pair goes to the test part with probability {@code testFraction}.
     * The same seed and data always give the same split.
     */
    public Split split(double testFraction, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] train = new int[size()];
        int[] test = new int[size()];
        int nTrain = 0;
        int nTest = 0;
        for (int p = 0; p < size(); p++) {
            if (random.nextDouble() < testFraction) {
                test[nTest++] = p;
            } else {
                train[nTrain++] = p;
            }
        }
        return new Split(select(Arrays.copyOf(train, nTrain)), select(Arrays.copyOf(test, nTest)));
    }

    /** Number of interactions per item. */
    public int[] itemCounts() {
        int[] counts = new int[itemCount];
        for (int item : items) {
            counts[item]++;
        }
        return counts;
    }

    public record Split(Interactions train, Interactions test) {
    }

    /** Compressed rows of items per user, sorted ascending within a user. */
    public static final class ByUser {
        private final int[] start;
        private final int[] items;
        private final int[] positions;

        ByUser(Interactions in) {
            int n = in.size();
            start = new int[in.userCount + 1];
            for (int u : in.users) {
                start[u + 1]++;
            }
            for (int u = 0; u < in.userCount; u++) {
                start[u + 1] += start[u];
            }
            // Group by user (counting sort), then order each user's (item, position) pairs by item.
            int[] fill = Arrays.copyOf(start, in.userCount);
            long[] pairs = new long[n];
            for (int p = 0; p < n; p++) {
                pairs[fill[in.users[p]]++] = ((long) in.items[p] << 32) | p;
            }
            items = new int[n];
            positions = new int[n];
            for (int u = 0; u < in.userCount; u++) {
                Arrays.sort(pairs, start[u], start[u + 1]);
            }
            for (int k = 0; k < n; k++) {
                items[k] = (int) (pairs[k] >>> 32);
                positions[k] = (int) pairs[k];
            }
        }

        public int start(int user) {
            return start[user];
        }

        public int end(int user) {
            return start[user + 1];
        }

        public int count(int user) {
            return start[user + 1] - start[user];
        }

        /** The item at a position in [start(u), end(u)). */
        public int item(int position) {
            return items[position];
        }

        /** The index of this pair in the original interaction arrays. */
        public int originalPosition(int position) {
            return positions[position];
        }

        public boolean contains(int user, int item) {
            return Arrays.binarySearch(items, start[user], start[user + 1], item) >= 0;
        }
    }
}
