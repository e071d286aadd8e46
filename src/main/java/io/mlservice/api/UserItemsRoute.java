package io.mlservice.api;

import io.mlservice.config.ServiceSettings;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.serving.Recommendations;
import io.mlservice.serving.TenantRecommender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * {@code GET /user-items?totara_user_id&item_type&tenant&n_items}: the user's best items of a type. A user the
 * model does not know gets the tenant's most popular items of the type when cold start is on (logged and counted),
 * the original's {@code no such user id} when it is off. Without {@code n_items}, Totara's default of 25.
 */
final class UserItemsRoute extends RecommendationRoute<UserItemsRoute.Parameters> {
    static final int DEFAULT_ITEMS = Recommendations.USER_ITEMS_DEFAULT;
    private static final Logger LOG = LoggerFactory.getLogger(UserItemsRoute.class);

    record Parameters(String user, String itemType, String tenant, int n) {
    }

    UserItemsRoute(ApiMetrics metrics, Supplier<ServiceSettings> settings, ModelRegistry registry) {
        super(ApiMetrics.USER_ITEMS, metrics, settings, registry);
    }

    @Override
    Parameters parameters(Query query, ServiceSettings current) {
        return new Parameters(query.required("totara_user_id"), query.required("item_type"),
                query.required("tenant"), query.count("n_items", DEFAULT_ITEMS, current.maxItems()));
    }

    @Override
    String tenant(Parameters parameters) {
        return parameters.tenant();
    }

    @Override
    Answer answer(Parameters p, TenantRecommender recommender, ServiceSettings current) {
        Recommendations.Outcome outcome = Recommendations.userItems(recommender, p.user(), p.itemType(), p.n(),
                RecommendationRules.of(current));
        if (outcome.coldStart()) {
            LOG.info("Tenant {}: user {} is not in the model; answered with the most popular {} (cold start)",
                    p.tenant(), Query.printable(p.user()), p.itemType());
        }
        return answer(outcome);
    }
}
