package io.mlservice.totara.demo;

import io.mlservice.data.PairIndex;

/** The (user, item) pairs drawn so far: a {@link PairIndex} whose positions do not matter. */
final class PairSet {
    private final PairIndex pairs;

    PairSet(int expected) {
        pairs = new PairIndex(expected);
    }

    /** Adds the pair; false when it was already there. */
    boolean add(int user, int item) {
        return pairs.putIfAbsent(user, item, 0) < 0;
    }
}
