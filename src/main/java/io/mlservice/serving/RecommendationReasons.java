package io.mlservice.serving;

import io.mlservice.data.FeatureMatrix;
import io.mlservice.model.HybridModel;
import io.mlservice.model.TenantModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Why an item suits a user (the console's "why" and the demo's reasons): the user's own items most like it and the
 * features it shares with them that raise the user's score. Computed once per tenant, immutable afterwards.
 */
final class RecommendationReasons {
    private static final int SIMILAR_IN_EXPLANATION = 3;
    private static final int SHARED_FEATURES_IN_EXPLANATION = 10;

    private final List<String> itemIds;
    private final FeatureMatrix itemFeatures;
    private final String identityPrefix;
    private final ItemSlots slots;
    private final InteractedItems interacted;
    private final ItemCosines cosines;
    private final int k;
    /** Users × k, row-major: the recommender's user representations. */
    private final float[] userVectors;
    /** Item features × k and their biases: how much each feature adds to a user's score. */
    private final float[] itemFeatureVectors;
    private final float[] itemFeatureBiases;
    /** Items carrying each item feature; features most items share explain nothing. */
    private final int[] featureItemCount;
    /** Per item type, items of that type carrying each feature: what all of a type carry says nothing. */
    private final int[][] featureCountInType;

    /**
     * @param identityPrefix reasons leave out features whose names start with it (per-item identity columns say
     *                       nothing to a reader); empty to keep all
     */
    RecommendationReasons(TenantModel model, String identityPrefix, ItemSlots slots, InteractedItems interacted,
                          float[] userVectors, ItemCosines cosines) {
        HybridModel hybrid = model.model();
        this.itemIds = model.itemIds();
        this.itemFeatures = model.itemFeatures();
        this.identityPrefix = identityPrefix;
        this.slots = slots;
        this.interacted = interacted;
        this.cosines = cosines;
        this.k = hybrid.components();
        this.userVectors = userVectors;
        this.itemFeatureVectors = hybrid.itemEmbeddings().data;
        this.itemFeatureBiases = hybrid.itemFeatureBiases();
        this.featureItemCount = new int[itemFeatures.featureCount()];
        this.featureCountInType = new int[slots.typeCount()][itemFeatures.featureCount()];
        for (int i = 0; i < itemIds.size(); i++) {
            for (int q = itemFeatures.rowStart()[i]; q < itemFeatures.rowStart()[i + 1]; q++) {
                int column = itemFeatures.columns()[q];
                featureItemCount[column]++;
                featureCountInType[slots.typeOf(i)][column]++;
            }
        }
    }

    /** Why the item (by index) suits the user (by index). */
    Explanation explain(String userId, int user, String itemId, int item) {
        return new Explanation(userId, itemId, similarInteracted(user, item), sharedFeatures(user, item));
    }

    private List<ScoredItem> similarInteracted(int user, int item) {
        int first = interacted.start(user);
        float[] similarity = new float[interacted.end(user) - first];
        int exclude = -1;
        for (int p = first; p < interacted.end(user); p++) {
            int other = interacted.item(p);
            similarity[p - first] = cosines.between(slots.slotOf(item), slots.slotOf(other));
            exclude = other == item ? p - first : exclude;
        }
        List<ScoredItem> out = new ArrayList<>();
        for (int c : TopN.select(similarity, 0, similarity.length, SIMILAR_IN_EXPLANATION, exclude)) {
            int i = interacted.item(first + c);
            out.add(new ScoredItem(itemIds.get(i), i, similarity[c], false));
        }
        return out;
    }

    /**
     * Features of the item that the user's other items also carry, leaving out those that lower this user's score
     * for it and those that say nothing about it (see {@link #informative}). Strongest first: by
     * overlap with the user's items × the feature's contribution {@code pu · E_f + b_f} × its rarity, then by
     * overlap alone.
     */
    private List<String> sharedFeatures(int user, int item) {
        List<String> names = itemFeatures.featureNames();
        Map<Integer, Double> overlap = overlapWithInteracted(user, item, ownReasons(user, item));
        Comparator<Map.Entry<Integer, Double>> byWeight = Comparator.comparingDouble(
                e -> e.getValue() * contribution(user, e.getKey()) * rarity(e.getKey()));
        return overlap.entrySet().stream()
                .sorted(byWeight.reversed()
                        .thenComparing(Map.Entry.<Integer, Double>comparingByValue().reversed())
                        .thenComparing(e -> names.get(e.getKey())))
                .limit(SHARED_FEATURES_IN_EXPLANATION)
                .map(e -> names.get(e.getKey()))
                .toList();
    }

    /** The item's features that could be a reason, with their values: informative, not identity, not lowering. */
    private Map<Integer, Float> ownReasons(int user, int item) {
        int[] start = itemFeatures.rowStart();
        int[] columns = itemFeatures.columns();
        float[] values = itemFeatures.values();
        List<String> names = itemFeatures.featureNames();
        Map<Integer, Float> own = new HashMap<>();
        for (int q = start[item]; q < start[item + 1]; q++) {
            int f = columns[q];
            boolean identity = !identityPrefix.isEmpty() && names.get(f).startsWith(identityPrefix);
            if (!identity && informative(f, slots.typeOf(item)) && contribution(user, f) >= 0) {
                own.put(f, values[q]);
            }
        }
        return own;
    }

    /** Per feature of {@code own}, the sum over the user's other items of own value × their value. */
    private Map<Integer, Double> overlapWithInteracted(int user, int item, Map<Integer, Float> own) {
        int[] start = itemFeatures.rowStart();
        int[] columns = itemFeatures.columns();
        float[] values = itemFeatures.values();
        Map<Integer, Double> overlap = new HashMap<>();
        for (int p = interacted.start(user); p < interacted.end(user); p++) {
            int other = interacted.item(p);
            if (other == item) {
                continue;
            }
            for (int q = start[other]; q < start[other + 1]; q++) {
                Float mine = own.get(columns[q]);
                if (mine != null) {
                    overlap.merge(columns[q], (double) mine * values[q], Double::sum);
                }
            }
        }
        return overlap;
    }

    /** Carried by at most half of all items and by less than 90% of the items of the type. */
    private boolean informative(int feature, int type) {
        int typeSize = slots.end(type) - slots.start(type);
        return 2 * featureItemCount[feature] <= itemIds.size()
                && 10 * featureCountInType[type][feature] < 9 * typeSize;
    }

    /** ln(items / items carrying the feature): a topic few items have says more than a common word. */
    private double rarity(int feature) {
        return Math.log((double) itemIds.size() / Math.max(1, featureItemCount[feature]));
    }

    private double contribution(int user, int feature) {
        double sum = itemFeatureBiases[feature];
        int u = user * k;
        int f = feature * k;
        for (int d = 0; d < k; d++) {
            sum += (double) userVectors[u + d] * itemFeatureVectors[f + d];
        }
        return sum;
    }
}
