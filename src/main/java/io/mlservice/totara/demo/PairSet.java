package io.mlservice.totara.demo;

/**
 * The (user, item) pairs drawn so far, as an open-addressing set of longs: a million boxed pairs in a
 * {@link java.util.HashSet} would cost an order of magnitude more memory and time.
 */
final class PairSet {
    private long[] slots;
    private int size;

    PairSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, Math.min(expected, 1 << 28) * 2 - 1)) << 1;
        slots = new long[capacity];
    }

    /** Adds the pair; false when it was already there. */
    boolean add(int user, int item) {
        // +1 keeps 0 free as the empty-slot marker
        long key = (((long) user << 32) | (item & 0xFFFFFFFFL)) + 1;
        if (size * 2 >= slots.length) {
            grow();
        }
        boolean added = insert(slots, key);
        if (added) {
            size++;
        }
        return added;
    }

    private static boolean insert(long[] table, long key) {
        int mask = table.length - 1;
        int slot = hash(key) & mask;
        while (table[slot] != 0) {
            if (table[slot] == key) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = key;
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long key : old) {
            if (key != 0) {
                insert(slots, key);
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
