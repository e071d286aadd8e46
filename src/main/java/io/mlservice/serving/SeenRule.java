package io.mlservice.serving;

/** How items a user already interacted with are ranked in that user's recommendations. */
public enum SeenRule {
    /**
     * Every item the user interacted with (any rating) ranks after every item the user did not: its score becomes
     * {@code score − (max − min) − 1}, max and min taken over all items of the requested type, which puts it below
     * the lowest untouched score while keeping the order among interacted items.
     */
    RANK_INTERACTED_LAST,
    /**
     * The original service's rule: items seen (rating 1) lose {@code 0.5 × (max − min)}, max and min taken over
     * the scores of all the tenant's items the user has not seen; they may still rank first.
     */
    ORIGINAL_DEMOTION
}
