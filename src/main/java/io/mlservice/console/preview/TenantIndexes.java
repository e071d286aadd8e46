package io.mlservice.console.preview;

import io.mlservice.serving.ModelRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The preview's indexes of the served tenants (ids in natural order, item types, suggestions), built once per
 * model that serves: a large tenant takes a moment to index. Safe on any thread.
 */
final class TenantIndexes {
    private final Map<String, TenantIndex> byTenant = new ConcurrentHashMap<>();

    /** The entry's index, built when its model is new. */
    TenantIndex of(ModelRegistry.Entry entry) {
        TenantIndex known = byTenant.get(entry.tenant());
        if (known != null && known.entry() == entry) {
            return known;
        }
        TenantIndex built = TenantIndex.of(entry);
        byTenant.put(entry.tenant(), built);
        return built;
    }

    /** Builds the index of the tenant's trained model ahead of the first lookup. */
    void warm(ModelRegistry.Snapshot snapshot, String tenant) {
        if (snapshot != null && tenant != null) {
            snapshot.tenant(tenant).filter(ModelRegistry.Entry::trained).ifPresent(this::of);
        }
    }
}
