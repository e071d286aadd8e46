package io.mlservice.api;

import io.mlservice.config.ServiceSettings;
import io.mlservice.serving.Recommendations;

/**
 * The recommendation rules the settings set: cold start, seen rule, item cap. The API's routes and the console's
 * preview both take them from here, so the preview shows what Totara gets under the same settings.
 */
public final class RecommendationRules {
    private RecommendationRules() {
    }

    public static Recommendations.Rules of(ServiceSettings settings) {
        return Recommendations.Rules.of(settings.coldStart(), settings.originalSeenRule(), settings.maxItems());
    }
}
