package io.mlservice.model;

import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.Interactions;

import java.util.List;

/**
 * Everything saved and served for one tenant: the ids, the item types, the feature matrices the model reads, the
 * model, the interactions it was trained on (for the seen-item rules, popularity, explanations and the item-item
 * part), its report, and the item-item part blended into its scores ({@link ItemItemBlend#NONE} for none).
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
        TrainingReport report,
        ItemItemBlend itemItem) {

    /** A factor model alone, without an item-item part. */
    public TenantModel(String tenant, List<String> userIds, List<String> itemIds, List<String> itemTypes,
                       FeatureMatrix userFeatures, FeatureMatrix itemFeatures, Interactions interactions,
                       HybridModel model, TrainingReport report) {
        this(tenant, userIds, itemIds, itemTypes, userFeatures, itemFeatures, interactions, model, report,
                ItemItemBlend.NONE);
    }

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
        if (itemItem == null) {
            itemItem = ItemItemBlend.NONE;
        }
        if (itemItem.neighbours() != null && itemItem.neighbours().itemCount() != itemIds.size()) {
            throw new IllegalArgumentException("the item-item part does not fit the items of tenant " + tenant);
        }
    }

    /** The same model with another report (everything else, the item-item part included, unchanged). */
    public TenantModel withReport(TrainingReport newReport) {
        return new TenantModel(tenant, userIds, itemIds, itemTypes, userFeatures, itemFeatures, interactions, model,
                newReport, itemItem);
    }
}
