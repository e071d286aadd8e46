package io.mlservice.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One tenant's training data: users and items (in export order, with their external ids), the item type of each
 * item, the positive interactions, and the user and item feature matrices the model is built on.
 */
public record Dataset(
        String tenant,
        List<String> userIds,
        List<String> itemIds,
        List<String> itemTypes,
        Interactions interactions,
        FeatureMatrix userFeatures,
        FeatureMatrix itemFeatures) {

    public Dataset {
        userIds = List.copyOf(userIds);
        itemIds = List.copyOf(itemIds);
        itemTypes = List.copyOf(itemTypes);
        if (itemTypes.size() != itemIds.size()) {
            throw new IllegalArgumentException("one item type per item expected");
        }
        if (interactions.userCount() != userIds.size() || interactions.itemCount() != itemIds.size()) {
            throw new IllegalArgumentException("interactions do not match the user and item lists");
        }
        if (userFeatures.rows() != userIds.size() || itemFeatures.rows() != itemIds.size()) {
            throw new IllegalArgumentException("feature matrices do not match the user and item lists");
        }
    }

    public int userCount() {
        return userIds.size();
    }

    public int itemCount() {
        return itemIds.size();
    }

    /** The same users, items and interactions with other feature matrices. */
    public Dataset withFeatures(FeatureMatrix users, FeatureMatrix items) {
        return new Dataset(tenant, userIds, itemIds, itemTypes, interactions, users, items);
    }

    /** External id → row index. */
    public static Map<String, Integer> indexOf(List<String> ids) {
        Map<String, Integer> index = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
        }
        return index;
    }
}
