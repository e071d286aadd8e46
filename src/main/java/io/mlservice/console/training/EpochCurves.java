package io.mlservice.console.training;

import io.mlservice.history.EpochRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The epochs of one cycle, per tenant and per configuration, in the order they came. Not thread-safe. */
final class EpochCurves {
    private final Map<String, Map<String, List<EpochRow>>> byTenant = new LinkedHashMap<>();

    void add(EpochRow row) {
        List<EpochRow> rows = byTenant.computeIfAbsent(row.tenant(), t -> new LinkedHashMap<>())
                .computeIfAbsent(row.candidate(), c -> new ArrayList<>());
        rows.add(row);
        if (rows.size() > Curve.MAX_POINTS) {
            rows.remove(0);
        }
    }

    void addAll(List<EpochRow> rows) {
        rows.forEach(this::add);
    }

    List<String> tenants() {
        return List.copyOf(byTenant.keySet());
    }

    /** The tenant's curves, one per configuration, filled with their epochs. */
    List<Curve> curves(String tenant) {
        List<Curve> curves = new ArrayList<>();
        byTenant.getOrDefault(tenant, Map.of()).forEach((label, rows) -> {
            Curve c = new Curve(tenant, label);
            c.append(rows);
            curves.add(c);
        });
        return curves;
    }

    boolean isEmpty() {
        return byTenant.isEmpty();
    }
}
