package io.mlservice.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.mlservice.model.Metrics;
import io.mlservice.model.TrainingReport;
import io.mlservice.serving.ModelRegistry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The served tenants as Prometheus gauges, labelled {@code tenant}: whether a model serves it, and for a trained
 * one the model's age, users, items and held-out precision. Read from the registry's snapshot at each scrape, so a
 * tenant swapped in shows at once and one the export no longer lists disappears.
 */
final class TenantGauges {
    static final String TRAINED = "mlservice.model.trained";
    static final String AGE = "mlservice.model.age";
    static final String USERS = "mlservice.model.users";
    static final String ITEMS = "mlservice.model.items";
    static final String PRECISION = "mlservice.model.heldout.precision";

    private final ModelRegistry models;
    private final Clock clock;
    private final MultiGauge trained;
    private final MultiGauge age;
    private final MultiGauge users;
    private final MultiGauge items;
    private final MultiGauge precision;

    TenantGauges(MeterRegistry meters, ModelRegistry models, Clock clock) {
        this.models = models;
        this.clock = clock;
        trained = MultiGauge.builder(TRAINED)
                .description("1 when a model serves the tenant, 0 when it has none (too little data)").register(meters);
        age = MultiGauge.builder(AGE).baseUnit("seconds")
                .description("Time since the served model finished training").register(meters);
        users = MultiGauge.builder(USERS).description("Users the served model knows").register(meters);
        items = MultiGauge.builder(ITEMS).description("Items the served model recommends from").register(meters);
        precision = MultiGauge.builder(PRECISION)
                .description("The served model's precision at k on the held-out interactions of its training")
                .register(meters);
    }

    /** Sets every gauge from the registry's current snapshot. */
    synchronized void refresh() {
        List<MultiGauge.Row<?>> trainedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> ageRows = new ArrayList<>();
        List<MultiGauge.Row<?>> userRows = new ArrayList<>();
        List<MultiGauge.Row<?>> itemRows = new ArrayList<>();
        List<MultiGauge.Row<?>> precisionRows = new ArrayList<>();
        double now = clock.millis() / 1000.0;
        for (ModelRegistry.Entry entry : models.snapshot().tenants().values()) {
            Tags tenant = Tags.of("tenant", entry.tenant());
            trainedRows.add(MultiGauge.Row.of(tenant, entry.trained() ? 1 : 0));
            if (!entry.trained()) {
                continue;
            }
            TrainingReport report = entry.model().report();
            double trainedAt = report != null && report.trainedAtEpochSeconds() > 0 ? report.trainedAtEpochSeconds()
                    : entry.since().toEpochMilli() / 1000.0;
            ageRows.add(MultiGauge.Row.of(tenant, Math.max(0, now - trainedAt)));
            userRows.add(MultiGauge.Row.of(tenant, entry.recommender().userCount()));
            itemRows.add(MultiGauge.Row.of(tenant, entry.recommender().itemCount()));
            Metrics heldOut = report == null ? null : report.heldOut();
            if (heldOut != null && heldOut.k() > 0 && !Double.isNaN(heldOut.precision())) {
                precisionRows.add(MultiGauge.Row.of(tenant.and("k", Integer.toString(heldOut.k())),
                        heldOut.precision()));
            }
        }
        trained.register(trainedRows, true);
        age.register(ageRows, true);
        users.register(userRows, true);
        items.register(itemRows, true);
        precision.register(precisionRows, true);
    }
}
