package io.mlservice.serving;

import java.util.List;

/** The answer to "what should this user see next": a status and, when OK, the items best first. */
public record UserItemsResult(Status status, List<ScoredItem> items) {

    /** What happened to the query. */
    public enum Status {
        OK,
        /** The tenant has no such user (a cold-start candidate). */
        UNKNOWN_USER,
        /** No item of the tenant has that type. */
        UNKNOWN_ITEM_TYPE
    }

    public UserItemsResult {
        items = List.copyOf(items);
    }

    static UserItemsResult ok(List<ScoredItem> items) {
        return new UserItemsResult(Status.OK, items);
    }

    static UserItemsResult failed(Status status) {
        return new UserItemsResult(status, List.of());
    }
}
