package io.mlservice.serving;

import io.mlservice.data.Interactions;

import java.util.Arrays;

/**
 * Per user, the items the user interacted with, ascending, in positions [{@link #start}, {@link #end}), each with
 * whether the user saw it: flat arrays, so the ranking rules walk a user's items without allocating.
 */
final class InteractedItems {
    private final int[] start;
    private final int[] items;
    private final boolean[] seen;

    InteractedItems(Interactions interactions, int users) {
        Interactions.ByUser byUser = interactions.byUser();
        this.start = new int[users + 1];
        this.items = new int[interactions.size()];
        this.seen = new boolean[interactions.size()];
        for (int u = 0; u < users; u++) {
            start[u + 1] = byUser.end(u);
            for (int p = byUser.start(u); p < byUser.end(u); p++) {
                items[p] = byUser.item(p);
                seen[p] = interactions.seen()[byUser.originalPosition(p)];
            }
        }
    }

    int start(int user) {
        return start[user];
    }

    int end(int user) {
        return start[user + 1];
    }

    int item(int position) {
        return items[position];
    }

    boolean seen(int position) {
        return seen[position];
    }

    /** Whether the user interacted with the item (and, with {@code seenOnly}, saw it). */
    boolean contains(int user, int item, boolean seenOnly) {
        int p = Arrays.binarySearch(items, start[user], start[user + 1], item);
        return p >= 0 && (!seenOnly || seen[p]);
    }
}
