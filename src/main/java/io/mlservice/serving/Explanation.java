package io.mlservice.serving;

import java.util.List;

/**
 * Why an item suits a user: the user's own items most like it (by cosine of their embeddings, best first) and
 * the features it shares with the items the user interacted with (strongest first).
 */
public record Explanation(String userId, String itemId, List<ScoredItem> similarInteracted,
                          List<String> sharedFeatures) {

    public Explanation {
        similarInteracted = List.copyOf(similarInteracted);
        sharedFeatures = List.copyOf(sharedFeatures);
    }
}
