package io.mlservice.api;

import io.mlservice.config.ServiceSettings;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.serving.Recommendations;
import io.mlservice.serving.TenantRecommender;
import org.eclipse.jetty.server.Request;

import java.util.function.Supplier;

/**
 * What {@code /user-items} and {@code /similar-items} share: parameters are checked first (400 when unusable), then
 * one registry snapshot is read and the tenant looked up, with the contract's messages when there is no model to
 * ask. The decisions themselves are {@link Recommendations}', which the console's preview calls too.
 *
 * @param <Q> the route's checked parameters
 */
abstract class RecommendationRoute<Q> extends Route {
    private final Supplier<ServiceSettings> settings;
    private final ModelRegistry registry;

    RecommendationRoute(String endpoint, ApiMetrics metrics, Supplier<ServiceSettings> settings,
                        ModelRegistry registry) {
        super(endpoint, metrics);
        this.settings = settings;
        this.registry = registry;
    }

    /** The answer the outcome is written as. */
    static Answer answer(Recommendations.Outcome outcome) {
        return outcome.success()
                ? Answer.items(outcome.items(), outcome.coldStart())
                : Answer.failure(outcome.message());
    }

    /** The route's parameters, checked; throws {@link BadParameterException}. */
    abstract Q parameters(Query query, ServiceSettings current);

    abstract String tenant(Q parameters);

    /** The answer from the tenant's recommender. */
    abstract Answer answer(Q parameters, TenantRecommender recommender, ServiceSettings current);

    @Override
    final Answer answer(Request request) {
        ServiceSettings current = settings.get();
        Q parameters = parameters(Query.of(request), current);
        Recommendations.Lookup lookup = Recommendations.tenant(registry.snapshot(), tenant(parameters));
        return lookup.found() ? answer(parameters, lookup.recommender(), current) : answer(lookup.failure());
    }
}
