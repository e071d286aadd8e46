package io.mlservice.service;

import io.mlservice.serving.ModelRegistry;
import io.mlservice.serving.Recommendations;

/**
 * What serves while a cycle failed, in the words of a log line: an administrator must not read "the current models
 * keep serving" when there are none.
 */
final class ServingSummary {
    private ServingSummary() {
    }

    static String of(ModelRegistry.Snapshot snapshot) {
        if (snapshot.tenants().values().stream().anyMatch(ModelRegistry.Entry::trained)) {
            return "the current models keep serving";
        }
        if (!snapshot.ready()) {
            return "nothing is served yet: Totara is answered \"" + Recommendations.NOT_READY
                    + "\" until a cycle succeeds";
        }
        return "no tenant has a model yet: Totara is answered that the tenant's model is not trained until a "
                + "cycle succeeds";
    }
}
