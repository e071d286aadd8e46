package io.mlservice.model;

import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.Interactions;

import java.util.List;

/**
 * Everything saved and served for one tenant: the ids, the item types, the feature matrices the model reads, the
 * model, the interactions it was trained on (for the seen-item rules, popularity and explanations), and its report.
 */
public record TenantModel(
        String tenant,
        List<String> userIds,
        List<String> itemIds,
        List<String> itemTypes,
        FeatureMatrix userFeatures,
        FeatureMatrix itemFeatures,
        Interactions interactions,
        HybridModel model,
        TrainingReport report) {

    public TenantModel {
        userIds = List.copyOf(userIds);
        itemIds = List.copyOf(itemIds);
        itemTypes = List.copyOf(itemTypes);
        if (userFeatures.rows() != userIds.size() || itemFeatures.rows() != itemIds.size()
                || itemTypes.size() != itemIds.size()) {
            throw new IllegalArgumentException("ids, types and feature rows disagree for tenant " + tenant);
        }
        if (userFeatures.featureCount() != model.userFeatureCount()
                || itemFeatures.featureCount() != model.itemFeatureCount()) {
            throw new IllegalArgumentException("feature matrices do not fit the model for tenant " + tenant);
        }
    }
}
