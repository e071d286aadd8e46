package io.mlservice.api;

import io.mlservice.config.BindAddress;
import io.mlservice.config.Role;
import io.mlservice.config.Secret;
import io.mlservice.config.ServiceSettings;

import java.nio.file.Path;

/** Service settings for API tests: loopback on a free port, the shared key {@value #KEY}, cold start on. */
final class TestSettings {
    static final String KEY = "abc123";

    private TestSettings() {
    }

    static ServiceSettings defaults() {
        return of(new BindAddress("127.0.0.1", 0), false, true, false, 500);
    }

    static ServiceSettings of(BindAddress bind, boolean dev, boolean coldStart, boolean originalSeenRule,
                              int maxItems) {
        return new ServiceSettings(null, Secret.of(KEY), Path.of("models"), Path.of("logs"), 1440, null, 2, "hybrid",
                bind, dev, Path.of("export"), coldStart, originalSeenRule, maxItems, Path.of("logs/history.db"), null,
                null, 1L << 31, null, 16L << 20, 10_000, 10_000,
                20L << 30, null, null, null, null, 15, Role.TRAIN, 7, 20);
    }

    static ServiceSettings withDev(ServiceSettings s, boolean dev) {
        return of(s.bind(), dev, s.coldStart(), s.originalSeenRule(), s.maxItems());
    }

    static ServiceSettings withColdStart(ServiceSettings s, boolean coldStart) {
        return of(s.bind(), s.dev(), coldStart, s.originalSeenRule(), s.maxItems());
    }

    static ServiceSettings withOriginalSeenRule(ServiceSettings s, boolean original) {
        return of(s.bind(), s.dev(), s.coldStart(), original, s.maxItems());
    }

    static ServiceSettings withMaxItems(ServiceSettings s, int maxItems) {
        return of(s.bind(), s.dev(), s.coldStart(), s.originalSeenRule(), maxItems);
    }

    static ServiceSettings withBind(ServiceSettings s, BindAddress bind) {
        return of(bind, s.dev(), s.coldStart(), s.originalSeenRule(), s.maxItems());
    }
}
