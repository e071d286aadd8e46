package io.mlservice.data;

/**
 * (user, item) pairs, each with a position, in open-addressing arrays of primitives: ten million pairs in boxed
 * {@link java.util.HashMap}s would cost over a gigabyte and keep the collector busy; here they take about 12 bytes
 * per slot, at most half the slots used.
 */
public final class PairIndex {
    private static final int MAX_CAPACITY = 1 << 30;

    private long[] keys;
    private int[] positions;
    private int size;

    /** An index sized for about {@code expected} pairs (it grows past them). */
    public PairIndex(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, Math.min(expected, 1 << 28) * 2 - 1)) << 1;
        keys = new long[capacity];
        positions = new int[capacity];
    }

    public int size() {
        return size;
    }

    /**
     * Adds the pair with {@code position} unless it is there: returns -1 when it was added, else the position it
     * already has (which stays).
     */
    public int putIfAbsent(int user, int item, int position) {
        if (size * 2 >= keys.length) {
            grow();
        }
        long key = key(user, item);
        int mask = keys.length - 1;
        int slot = hash(key) & mask;
        while (keys[slot] != 0) {
            if (keys[slot] == key) {
                return positions[slot];
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        positions[slot] = position;
        size++;
        return -1;
    }

    /** The pair's position, or -1 when it is not in the index. */
    public int get(int user, int item) {
        long key = key(user, item);
        int mask = keys.length - 1;
        for (int slot = hash(key) & mask; keys[slot] != 0; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return positions[slot];
            }
        }
        return -1;
    }

    /** +1 keeps 0 free as the empty-slot marker. */
    private static long key(int user, int item) {
        if (user < 0 || item < 0) {
            throw new IllegalArgumentException("negative index in pair (" + user + ", " + item + ")");
        }
        return (((long) user << 32) | item) + 1;
    }

    private void grow() {
        if (keys.length >= MAX_CAPACITY) {
            throw new IllegalStateException("more than " + MAX_CAPACITY / 2 + " pairs");
        }
        long[] oldKeys = keys;
        int[] oldPositions = positions;
        keys = new long[oldKeys.length * 2];
        positions = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int s = 0; s < oldKeys.length; s++) {
            long key = oldKeys[s];
            if (key != 0) {
                int slot = hash(key) & mask;
                while (keys[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = key;
                positions[slot] = oldPositions[s];
            }
        }
    }

    /** Murmur3's finaliser: user and item both reach the low bits that pick the slot. */
    private static int hash(long key) {
        long h = (key ^ (key >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return (int) (h ^ (h >>> 33));
    }
}
