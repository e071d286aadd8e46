package io.mlservice.console.preview;

import java.util.List;

/**
 * What the preview shows for one item of one tenant: what the model knows of it and the items
 * {@code /similar-items} would answer.
 *
 * @param resolvedId   the id found (an article asked for may be found as microlearning); null when unknown
 * @param problem      why the tenant cannot answer; null when it can
 * @param features     the item's features as the model reads them (component, topics, words)
 * @param interactions how many users interacted with it
 * @param message      the contract's message when {@code success} is false
 * @param n            the {@code n_items} of the answer
 */
public record ItemPreview(String tenant, String requestedId, String resolvedId, String problem, String itemType,
                          int interactions, List<UserPreview.ProfileGroup> features, boolean success, String message,
                          int n, List<Similar> items) {

    public ItemPreview {
        features = List.copyOf(features);
        items = List.copyOf(items);
    }

    /**
     * One similar item.
     *
     * @param score        the cosine as the API writes it
     * @param sharedTopics the topics it shares with the item asked about
     */
    public record Similar(int rank, String itemId, String itemType, String numericId, String score,
                          List<String> sharedTopics) {
        public Similar {
            sharedTopics = List.copyOf(sharedTopics);
        }
    }
}
