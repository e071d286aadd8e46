package io.mlservice.serving;

import io.mlservice.model.TenantModel;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The models being served, per tenant. Requests read one immutable {@link Snapshot} (a single volatile read, no
 * lock); training swaps a tenant's entry in by publishing a new snapshot, so a request in flight finishes on the
 * model it started with.
 */
public final class ModelRegistry {

    /**
     * One tenant as served: a recommender, or the reason there is none (too little data).
     *
     * @param recommender null when the tenant has no model
     * @param model       what the recommender was built from (kept to save the served set); null with it
     * @param message     why there is no model; null when there is one
     * @param since       when this entry started serving
     */
    public record Entry(String tenant, TenantRecommender recommender, TenantModel model, String message,
                        Instant since) {
        public static Entry trained(TenantModel model, Instant since) {
            return new Entry(model.tenant(), new TenantRecommender(model, IDENTITY_PREFIX), model, null, since);
        }

        public static Entry untrained(String tenant, String message, Instant since) {
            return new Entry(tenant, null, null, message, since);
        }

        public boolean trained() {
            return recommender != null;
        }
    }

    /**
     * Everything served at one moment.
     *
     * @param ready false until the first model file was loaded or the first training finished
     */
    public record Snapshot(boolean ready, Map<String, Entry> tenants) {
        public Snapshot {
            tenants = Collections.unmodifiableMap(new LinkedHashMap<>(tenants));
        }

        public Optional<Entry> tenant(String tenant) {
            return Optional.ofNullable(tenants.get(tenant));
        }

        /** The trained tenants' models, to save as the served set. */
        public List<TenantModel> models() {
            return tenants.values().stream().filter(Entry::trained).map(Entry::model).toList();
        }
    }

    /** Explanations leave out the per-item identity columns of the default features. */
    public static final String IDENTITY_PREFIX = "item:";

    private static final Snapshot EMPTY = new Snapshot(false, Map.of());

    private final AtomicReference<Snapshot> current = new AtomicReference<>(EMPTY);

    public Snapshot snapshot() {
        return current.get();
    }

    /** Serves exactly these tenants from now on (a loaded model file or a complete first training). */
    public void replaceAll(List<Entry> entries) {
        Map<String, Entry> map = new LinkedHashMap<>();
        for (Entry e : entries) {
            map.put(e.tenant(), e);
        }
        current.set(new Snapshot(true, map));
    }

    /** Swaps one tenant's entry in, leaving the others as they are. */
    public void swap(Entry entry) {
        current.updateAndGet(s -> {
            Map<String, Entry> map = new LinkedHashMap<>(s.tenants());
            map.put(entry.tenant(), entry);
            return new Snapshot(true, map);
        });
    }

    /** Stops serving a tenant the export no longer lists. */
    public void remove(String tenant) {
        current.updateAndGet(s -> {
            if (!s.tenants().containsKey(tenant)) {
                return s;
            }
            Map<String, Entry> map = new LinkedHashMap<>(s.tenants());
            map.remove(tenant);
            return new Snapshot(s.ready(), map);
        });
    }
}
