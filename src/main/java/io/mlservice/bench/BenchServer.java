package io.mlservice.bench;

import io.mlservice.config.Role;
import io.mlservice.api.ApiMetrics;
import io.mlservice.api.ApiServer;
import io.mlservice.config.BindAddress;
import io.mlservice.config.Secret;
import io.mlservice.config.ServiceSettings;
import io.mlservice.model.TenantModel;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.totara.Algorithm;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** One trained model served by a real {@link ApiServer} on loopback under a random key, and queries signed for it. */
final class BenchServer implements AutoCloseable {
    private final ApiServer server;
    private final SignedQueries queries;

    private BenchServer(ApiServer server, SignedQueries queries) {
        this.server = server;
        this.queries = queries;
    }

    /** Serves {@code model}, trained from the export in {@code folder}, until closed. */
    static BenchServer serve(TenantModel model, Path folder) throws IOException {
        ModelRegistry registry = new ModelRegistry();
        registry.replaceAll(List.of(ModelRegistry.Entry.trained(model, Instant.now())));
        String key = randomKey();
        ServiceSettings settings = settings(key);
        ApiServer server = new ApiServer(() -> settings, registry, new BenchStatus(folder),
                new ApiMetrics(Clock.systemUTC()), Clock.systemUTC());
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new BenchServer(server, new SignedQueries(server.baseUri(), model, key));
    }

    SignedQueries queries() {
        return queries;
    }

    @Override
    public void close() {
        server.close();
    }

    private static String randomKey() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    private static ServiceSettings settings(String key) {
        return new ServiceSettings(null, Secret.of(key), Path.of("data/models"), Path.of("data/logs"), 1440, null, 1,
                Algorithm.HYBRID.id(), new BindAddress("127.0.0.1", 0), false, Path.of("."), true, false, 500,
                Path.of("data/logs/history.db"), null, null, 1L << 31, null, 16L << 20, 10_000, 10_000,
                20L << 30, null, null, null, null, 15, Role.TRAIN, 7, 20);
    }
}
