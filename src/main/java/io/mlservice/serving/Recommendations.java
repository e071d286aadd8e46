package io.mlservice.serving;

import java.util.List;

/**
 * What {@code /user-items} and {@code /similar-items} decide, from one registry snapshot: the tenant looked up, the
 * contract's failure messages, cold start and the seen rule. The API serialises these outcomes; the console's preview
 * shows them, so the two cannot disagree.
 */
public final class Recommendations {
    /** Totara's {@code n_items} for user items when it sends none. */
    public static final int USER_ITEMS_DEFAULT = 25;
    /** Totara's {@code n_items} for similar items when it sends none. */
    public static final int SIMILAR_ITEMS_DEFAULT = 15;

    public static final String NOT_READY = "The recommender model is not ready yet";
    public static final String NO_SUCH_TENANT = "Bad request: no such tenant";
    public static final String NO_SUCH_USER = "Bad request: no such user id";
    public static final String NO_SUCH_ITEM_TYPE = "Bad request: no such item type is available";
    public static final String NO_SUCH_ITEM = "Bad request: no such item id";

    private Recommendations() {
    }

    /**
     * How user items are answered, from the service's settings.
     *
     * @param coldStart unknown users get the type's most popular items instead of {@link #NO_SUCH_USER}
     * @param seenRule  how items the user interacted with are ranked
     * @param maxItems  the cap on {@code n_items}
     */
    public record Rules(boolean coldStart, SeenRule seenRule, int maxItems) {

        /** The rules from {@code ML_COLD_START}, {@code ML_SEEN_RULE} and {@code ML_MAX_ITEMS}. */
        public static Rules of(boolean coldStart, boolean originalSeenRule, int maxItems) {
            return new Rules(coldStart, originalSeenRule ? SeenRule.ORIGINAL_DEMOTION : SeenRule.RANK_INTERACTED_LAST,
                    maxItems);
        }

        /** The number of user items answered when Totara sends no {@code n_items}. */
        public int userItemsDefault() {
            return Math.min(USER_ITEMS_DEFAULT, maxItems);
        }

        /** The number of similar items answered when Totara sends no {@code n_items}. */
        public int similarItemsDefault() {
            return Math.min(SIMILAR_ITEMS_DEFAULT, maxItems);
        }
    }

    /**
     * One answer: the items best first, or the contract's message of a logical failure.
     *
     * @param message    null on success
     * @param coldStart  answered with the type's popular items because the user is unknown
     * @param resolvedId similar items only: the item the answer is about (an article asked for may be found as
     *                   microlearning); null otherwise
     */
    public record Outcome(boolean success, String message, List<ScoredItem> items, boolean coldStart,
                          String resolvedId) {
        public Outcome {
            items = List.copyOf(items);
        }

        static Outcome items(List<ScoredItem> items, boolean coldStart) {
            return new Outcome(true, null, items, coldStart, null);
        }

        static Outcome failure(String message) {
            return new Outcome(false, message, List.of(), false, null);
        }
    }

    public static String notTrained(String tenant) {
        return "Message: The model for tenant " + tenant + " is not trained, probably for insufficient data";
    }

    /**
     * A tenant looked up in a snapshot: its recommender, or the failure that answers every query for it.
     *
     * @param recommender null when there is none
     * @param failure     null when there is a recommender
     */
    public record Lookup(TenantRecommender recommender, Outcome failure) {
        public boolean found() {
            return recommender != null;
        }
    }

    /**
     * Finds the tenant in the snapshot: not ready (nothing loaded or trained yet, or a tenant the running cycle has
     * still to try), no such tenant, not trained, or its recommender.
     */
    public static Lookup tenant(ModelRegistry.Snapshot snapshot, String tenant) {
        if (!snapshot.ready()) {
            return new Lookup(null, Outcome.failure(NOT_READY));
        }
        ModelRegistry.Entry entry = snapshot.tenants().get(tenant);
        if (entry == null) {
            return new Lookup(null, Outcome.failure(snapshot.pending(tenant) ? NOT_READY : NO_SUCH_TENANT));
        }
        if (!entry.trained()) {
            return new Lookup(null, Outcome.failure(notTrained(tenant)));
        }
        return new Lookup(entry.recommender(), null);
    }

    /** {@code /user-items} for a tenant found in the snapshot. */
    public static Outcome userItems(TenantRecommender recommender, String user, String itemType, int n,
                                    Rules rules) {
        UserItemsResult result = recommender.userItems(user, itemType, n, rules.seenRule());
        return switch (result.status()) {
            case OK -> Outcome.items(result.items(), false);
            case UNKNOWN_ITEM_TYPE -> Outcome.failure(NO_SUCH_ITEM_TYPE);
            case UNKNOWN_USER -> rules.coldStart()
                    ? Outcome.items(recommender.popularItems(itemType, n), true)
                    : Outcome.failure(NO_SUCH_USER);
        };
    }

    /** {@code /user-items}: the user's best {@code n} items of the type, as the API answers them. */
    public static Outcome userItems(ModelRegistry.Snapshot snapshot, String tenant, String user, String itemType,
                                    int n, Rules rules) {
        Lookup lookup = tenant(snapshot, tenant);
        return lookup.found() ? userItems(lookup.recommender(), user, itemType, n, rules) : lookup.failure();
    }

    /** {@code /similar-items} for a tenant found in the snapshot. */
    public static Outcome similarItems(TenantRecommender recommender, String item, int n) {
        SimilarItemsResult result = recommender.similarItems(item, n);
        return result.status() == SimilarItemsResult.Status.OK
                ? new Outcome(true, null, result.items(), false, result.resolvedId())
                : Outcome.failure(NO_SUCH_ITEM);
    }

    /** {@code /similar-items}: the {@code n} items of the same component most like the given one. */
    public static Outcome similarItems(ModelRegistry.Snapshot snapshot, String tenant, String item, int n) {
        Lookup lookup = tenant(snapshot, tenant);
        return lookup.found() ? similarItems(lookup.recommender(), item, n) : lookup.failure();
    }
}
