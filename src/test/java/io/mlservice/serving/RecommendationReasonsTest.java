package io.mlservice.serving;

import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.FeatureMatrixBuilder;
import io.mlservice.data.Interactions;
import io.mlservice.model.HybridModel;
import io.mlservice.model.TenantModel;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecommendationReasonsTest {

    /**
     * One user with vector (1, 0) who interacted with items 1 and 2. Six articles carry {@code component=x} (half
     * of all items, every article) and six courses {@code component=y}; items 0–2 carry topics a (embedding
     * (1, 0): raises the user's score), b ((−1, 0): lowers it) and c ((0.5, 0)).
     */
    private static TenantModel tenant() {
        List<String> itemIds = new ArrayList<>();
        List<String> itemTypes = new ArrayList<>();
        FeatureMatrixBuilder b = new FeatureMatrixBuilder();
        for (int i = 0; i < 12; i++) {
            String type = i < 6 ? "engage_article" : "container_course";
            itemIds.add(type + i);
            itemTypes.add(type);
            b.startRow().add(i < 6 ? "component=x" : "component=y", 1f);
            if (i < 3) {
                b.add("topic=a", 1f).add("topic=b", 1f).add("topic=c", 1f);
            }
            b.endRow();
        }
        FeatureMatrix items = b.build();
        FeatureMatrix users = FeatureMatrix.identity(List.of("user:7"));
        float[] itemEmb = new float[items.featureCount() * 2];
        itemEmb[items.featureNames().indexOf("topic=a") * 2] = 1f;
        itemEmb[items.featureNames().indexOf("topic=b") * 2] = -1f;
        itemEmb[items.featureNames().indexOf("topic=c") * 2] = 0.5f;
        itemEmb[items.featureNames().indexOf("component=x") * 2] = 2f;
        HybridModel model = new HybridModel(FMatrixRMaj.wrap(1, 2, new float[]{1f, 0f}),
                FMatrixRMaj.wrap(items.featureCount(), 2, itemEmb), new float[items.featureCount()]);
        Interactions interactions = new Interactions(1, 12, new int[]{0, 0}, new int[]{1, 2}, new float[]{1f, 1f},
                new boolean[]{false, false});
        return new TenantModel("0", List.of("7"), itemIds, itemTypes, users, items, interactions, model, null);
    }

    @Test
    void reasonsAreSharedFeaturesThatRaiseTheScoreStrongestFirstLeavingOutCommonOnes() {
        Explanation why = new TenantRecommender(tenant()).explain("7", "engage_article0").orElseThrow();

        // topic=b lowers the user's score and component=x is on every article: neither is a reason.
        assertThat(why.sharedFeatures()).containsExactly("topic=a", "topic=c");
    }
}
