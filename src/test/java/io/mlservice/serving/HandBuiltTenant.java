package io.mlservice.serving;

import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.FeatureMatrixBuilder;
import io.mlservice.data.Interactions;
import io.mlservice.model.HybridModel;
import io.mlservice.model.TenantModel;
import org.ejml.data.FMatrixRMaj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a tenant model whose item and user vectors are exactly the given ones: identity features named
 * {@code id:<id>} carry the chosen embeddings and biases; extra descriptive features carry zero embeddings, so they
 * show up in explanations without moving any score.
 */
final class HandBuiltTenant {
    private final List<String> userIds = new ArrayList<>();
    private final List<float[]> userVectors = new ArrayList<>();
    private final List<String> itemIds = new ArrayList<>();
    private final List<String> itemTypes = new ArrayList<>();
    private final List<float[]> itemVectors = new ArrayList<>();
    private final List<Float> itemBiases = new ArrayList<>();
    private final List<Map<String, Float>> itemTags = new ArrayList<>();
    private final List<int[]> pairs = new ArrayList<>();
    private final List<Boolean> seen = new ArrayList<>();

    HandBuiltTenant user(String id, float... vector) {
        userIds.add(id);
        userVectors.add(vector);
        return this;
    }

    HandBuiltTenant item(String id, String type, float bias, float... vector) {
        return item(id, type, bias, Map.of(), vector);
    }

    HandBuiltTenant item(String id, String type, float bias, Map<String, Float> tags, float... vector) {
        itemIds.add(id);
        itemTypes.add(type);
        itemBiases.add(bias);
        itemTags.add(tags);
        itemVectors.add(vector);
        return this;
    }

    /** An interaction; {@code seenFlag} is the export's rating 1. */
    HandBuiltTenant interaction(String userId, String itemId, boolean seenFlag) {
        pairs.add(new int[]{userIds.indexOf(userId), itemIds.indexOf(itemId)});
        seen.add(seenFlag);
        return this;
    }

    TenantModel build() {
        int k = userVectors.get(0).length;
        FeatureMatrix users = FeatureMatrix.identity(prefixed(userIds));
        FeatureMatrix items = FeatureMatrix.identity(prefixed(itemIds)).concatColumns(tags());
        float[] userEmb = new float[userIds.size() * k];
        for (int u = 0; u < userIds.size(); u++) {
            System.arraycopy(userVectors.get(u), 0, userEmb, u * k, k);
        }
        float[] itemEmb = new float[items.featureCount() * k];
        float[] biases = new float[items.featureCount()];
        for (int i = 0; i < itemIds.size(); i++) {
            System.arraycopy(itemVectors.get(i), 0, itemEmb, i * k, k);
            biases[i] = itemBiases.get(i);
        }
        HybridModel model = new HybridModel(FMatrixRMaj.wrap(userIds.size(), k, userEmb),
                FMatrixRMaj.wrap(items.featureCount(), k, itemEmb), biases);
        return new TenantModel("0", userIds, itemIds, itemTypes, users, items, interactions(), model, null);
    }

    private FeatureMatrix tags() {
        FeatureMatrixBuilder builder = new FeatureMatrixBuilder();
        for (Map<String, Float> tags : itemTags) {
            builder.startRow();
            tags.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> builder.add(e.getKey(), e.getValue()));
            builder.endRow();
        }
        return builder.build();
    }

    private Interactions interactions() {
        int n = pairs.size();
        int[] u = new int[n];
        int[] i = new int[n];
        float[] w = new float[n];
        boolean[] s = new boolean[n];
        for (int p = 0; p < n; p++) {
            u[p] = pairs.get(p)[0];
            i[p] = pairs.get(p)[1];
            s[p] = seen.get(p);
            w[p] = s[p] ? 2f : 1f;
        }
        return new Interactions(userIds.size(), itemIds.size(), u, i, w, s);
    }

    private static List<String> prefixed(List<String> ids) {
        return ids.stream().map(id -> "id:" + id).toList();
    }
}
