package io.mlservice.serving;

import java.util.List;

/**
 * The answer to "what is like this item": a status, the id the query was asked with, the id it was resolved to
 * (which differs after the article → microlearning retry; null when unknown), and the items best first.
 */
public record SimilarItemsResult(Status status, String requestedId, String resolvedId, List<ScoredItem> items) {

    /** What happened to the query. */
    public enum Status {
        OK,
        /** Neither the id nor its microlearning variant is an item of the tenant. */
        UNKNOWN_ITEM
    }

    public SimilarItemsResult {
        items = List.copyOf(items);
    }

    /** True when the item was found only under its microlearning id. */
    public boolean resolvedByFallback() {
        return resolvedId != null && !resolvedId.equals(requestedId);
    }

    static SimilarItemsResult ok(String requestedId, String resolvedId, List<ScoredItem> items) {
        return new SimilarItemsResult(Status.OK, requestedId, resolvedId, items);
    }

    static SimilarItemsResult unknown(String requestedId) {
        return new SimilarItemsResult(Status.UNKNOWN_ITEM, requestedId, null, List.of());
    }
}
