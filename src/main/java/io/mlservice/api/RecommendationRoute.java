package io.mlservice.api;

import io.mlservice.config.ServiceSettings;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.serving.TenantRecommender;
import org.eclipse.jetty.server.Request;

import java.util.function.Supplier;

/**
 * What {@code /user-items} and {@code /similar-items} share: parameters are checked first (400 when unusable), then
 * one registry snapshot is read and the tenant looked up, with the contract's messages when there is no model to
 * ask.
 *
 * @param <Q> the route's checked parameters
 */
abstract class RecommendationRoute<Q> extends Route {
    static final String NOT_READY = "The recommender model is not ready yet";
    static final String NO_SUCH_TENANT = "Bad request: no such tenant";

    private final Supplier<ServiceSettings> settings;
    private final ModelRegistry registry;

    RecommendationRoute(String endpoint, ApiMetrics metrics, Supplier<ServiceSettings> settings,
                        ModelRegistry registry) {
        super(endpoint, metrics);
        this.settings = settings;
        this.registry = registry;
    }

    static String notTrained(String tenant) {
        return "Message: The model for tenant " + tenant + " is not trained, probably for insufficient data";
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
        ModelRegistry.Snapshot snapshot = registry.snapshot();
        if (!snapshot.ready()) {
            return Answer.failure(NOT_READY);
        }
        String tenant = tenant(parameters);
        ModelRegistry.Entry entry = snapshot.tenants().get(tenant);
        if (entry == null) {
            return Answer.failure(NO_SUCH_TENANT);
        }
        if (!entry.trained()) {
            return Answer.failure(notTrained(tenant));
        }
        return answer(parameters, entry.recommender(), current);
    }
}
