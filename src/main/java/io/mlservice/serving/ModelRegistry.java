package io.mlservice.serving;

import io.mlservice.model.TenantModel;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
     * @param ready   false until the first model file was loaded or the first training finished
     * @param pending tenants the running cycle's export lists that have no entry yet: they are "not ready" rather
     *                than unknown until the cycle has tried them
     */
    public record Snapshot(boolean ready, Map<String, Entry> tenants, Set<String> pending) {
        public Snapshot {
            tenants = Collections.unmodifiableMap(new LinkedHashMap<>(tenants));
            pending = Set.copyOf(pending);
        }

        public Snapshot(boolean ready, Map<String, Entry> tenants) {
            this(ready, tenants, Set.of());
        }

        public Optional<Entry> tenant(String tenant) {
            return Optional.ofNullable(tenants.get(tenant));
        }

        /** Whether the running cycle will try this tenant, which has no entry yet. */
        public boolean pending(String tenant) {
            return pending.contains(tenant);
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

    /** Swaps one tenant's entry in, leaving the others as they are; the tenant is no longer pending. */
    public void swap(Entry entry) {
        current.updateAndGet(s -> {
            Map<String, Entry> map = new LinkedHashMap<>(s.tenants());
            map.put(entry.tenant(), entry);
            Set<String> pending = new HashSet<>(s.pending());
            pending.remove(entry.tenant());
            return new Snapshot(true, map, pending);
        });
    }

    /** A cycle will try these tenants: those without an entry answer "not ready" until it has. */
    public void expect(Collection<String> tenants) {
        current.updateAndGet(s -> {
            Set<String> pending = new HashSet<>(s.pending());
            tenants.stream().filter(t -> !s.tenants().containsKey(t)).forEach(pending::add);
            return new Snapshot(s.ready(), s.tenants(), pending);
        });
    }

    /** A cycle has tried a tenant (trained it or not): it is no longer pending. */
    public void tried(String tenant) {
        current.updateAndGet(s -> {
            if (!s.pending().contains(tenant)) {
                return s;
            }
            Set<String> pending = new HashSet<>(s.pending());
            pending.remove(tenant);
            return new Snapshot(s.ready(), s.tenants(), pending);
        });
    }

    /** The cycle ended: no tenant is pending any more. */
    public void settle() {
        current.updateAndGet(s -> s.pending().isEmpty() ? s : new Snapshot(s.ready(), s.tenants(), Set.of()));
    }

    /** Stops serving a tenant the export no longer lists. */
    public void remove(String tenant) {
        current.updateAndGet(s -> {
            if (!s.tenants().containsKey(tenant)) {
                return s;
            }
            Map<String, Entry> map = new LinkedHashMap<>(s.tenants());
            map.remove(tenant);
            return new Snapshot(s.ready(), map, s.pending());
        });
    }
}
