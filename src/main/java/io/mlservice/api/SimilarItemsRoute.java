package io.mlservice.api;

import io.mlservice.config.ServiceSettings;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.serving.Recommendations;
import io.mlservice.serving.TenantRecommender;

import java.util.function.Supplier;

/**
 * {@code GET /similar-items?totara_item_id&tenant&n_items}: the items of the same component most like the given
 * one, an {@code engage_article} id retried as {@code engage_microlearning}. Without {@code n_items}, Totara's
 * default of 15.
 */
final class SimilarItemsRoute extends RecommendationRoute<SimilarItemsRoute.Parameters> {
    static final int DEFAULT_ITEMS = Recommendations.SIMILAR_ITEMS_DEFAULT;

    record Parameters(String item, String tenant, int n) {
    }

    SimilarItemsRoute(ApiMetrics metrics, Supplier<ServiceSettings> settings, ModelRegistry registry) {
        super(ApiMetrics.SIMILAR_ITEMS, metrics, settings, registry);
    }

    @Override
    Parameters parameters(Query query, ServiceSettings current) {
        return new Parameters(query.required("totara_item_id"), query.required("tenant"),
                query.count("n_items", DEFAULT_ITEMS, current.maxItems()));
    }

    @Override
    String tenant(Parameters parameters) {
        return parameters.tenant();
    }

    @Override
    Answer answer(Parameters p, TenantRecommender recommender, ServiceSettings current) {
        return answer(Recommendations.similarItems(recommender, p.item(), p.n()));
    }
}
