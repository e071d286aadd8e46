package io.mlservice.model;

/** Scores every item for a block of users; what {@link Evaluator} ranks. */
public interface ItemScorer {

    int itemCount();

    /**
     * Writes the scores of all items for {@code count} users into {@code out}, row-major
     * ({@code out[u * itemCount() + i]}).
     */
    void score(int[] users, int count, float[] out);
}
