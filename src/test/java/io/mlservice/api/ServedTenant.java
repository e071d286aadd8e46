package io.mlservice.api;

import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.Interactions;
import io.mlservice.model.HybridModel;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.model.TenantModel;
import io.mlservice.model.TrainingReport;
import io.mlservice.serving.ModelRegistry;
import org.ejml.data.FMatrixRMaj;

import java.time.Instant;
import java.util.List;

/**
 * Tenant {@code 0} with hand-set vectors (k = 2), so every answer of the API can be worked out by hand, and an
 * untrained tenant {@code 7}.
 *
 * <pre>
 * user 2 = (1, 0), user 3 = (0, 1), user 4 = (0.5, 0.5); no biases
 * engage_article1 (1, 0)   engage_article2 (0.5, 0.5)   engage_article3 (0, 1)
 * engage_microlearning7 (0.9, 0.1)   engage_microlearning8 (0, 1)
 * container_course5 (1, 1)   container_course6 (-0.5, 0)
 * interactions: 2-article1 (rating 1), 3-article2, 4-article2, 3-article3
 * </pre>
 *
 * User 2's articles by score: 1 (1.0), 2 (0.5), 3 (0.0). Interacted-last puts article 1 at 1 − (1 − 0) − 1 = −1.
 * The original rule lowers it by 0.5 × (1 − (−0.5)) = 0.75, to 0.25: order 2, 1, 3.
 */
final class ServedTenant {
    static final String TENANT = "0";
    static final String UNTRAINED_TENANT = "7";
    static final String UNTRAINED_MESSAGE = "The model for tenant 7 is not trained, probably for insufficient data";
    static final long TRAINED_AT = 1_700_000_000L;

    private static final List<String> USERS = List.of("2", "3", "4");
    private static final float[][] USER_VECTORS = {{1f, 0f}, {0f, 1f}, {0.5f, 0.5f}};
    private static final List<String> ITEMS = List.of("engage_article1", "engage_article2", "engage_article3",
            "engage_microlearning7", "engage_microlearning8", "container_course5", "container_course6");
    private static final List<String> TYPES = List.of("engage_article", "engage_article", "engage_article",
            "engage_microlearning", "engage_microlearning", "container_course", "container_course");
    private static final float[][] ITEM_VECTORS = {{1f, 0f}, {0.5f, 0.5f}, {0f, 1f}, {0.9f, 0.1f}, {0f, 1f},
            {1f, 1f}, {-0.5f, 0f}};

    private ServedTenant() {
    }

    static TenantModel model() {
        float[] userEmbeddings = flatten(USER_VECTORS);
        float[] itemEmbeddings = flatten(ITEM_VECTORS);
        HybridModel model = new HybridModel(FMatrixRMaj.wrap(USERS.size(), 2, userEmbeddings),
                FMatrixRMaj.wrap(ITEMS.size(), 2, itemEmbeddings), new float[ITEMS.size()]);
        Interactions interactions = new Interactions(USERS.size(), ITEMS.size(), new int[]{0, 1, 2, 1},
                new int[]{0, 1, 1, 2}, new float[]{2f, 1f, 1f, 1f}, new boolean[]{true, false, false, false});
        TrainingReport report = new TrainingReport("hybrid", HyperParameters.defaults(),
                new Metrics(0.91, 0.1234, 0.3, 10, 3), new Metrics(0.8, 0.0567, 0.2, 10, 3),
                new Metrics(0.88, 0.0891, 0.25, 10, 3), 12, 4, TRAINED_AT, 1500);
        return new TenantModel(TENANT, USERS, ITEMS, TYPES, FeatureMatrix.identity(prefixed(USERS)),
                FeatureMatrix.identity(prefixed(ITEMS)), interactions, model, report);
    }

    /** Serves tenant 0 (trained) and tenant 7 (too little data). */
    static ModelRegistry registry() {
        ModelRegistry registry = new ModelRegistry();
        Instant now = Instant.ofEpochSecond(TRAINED_AT + 60);
        registry.replaceAll(List.of(ModelRegistry.Entry.trained(model(), now),
                ModelRegistry.Entry.untrained(UNTRAINED_TENANT, UNTRAINED_MESSAGE, now)));
        return registry;
    }

    private static float[] flatten(float[][] rows) {
        float[] out = new float[rows.length * 2];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * 2, 2);
        }
        return out;
    }

    private static List<String> prefixed(List<String> ids) {
        return ids.stream().map(id -> "id:" + id).toList();
    }
}
