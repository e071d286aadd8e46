package io.mlservice.console.training;

import io.mlservice.console.Formats;
import io.mlservice.history.CycleRow;
import io.mlservice.history.EpochRow;
import io.mlservice.history.TenantResultRow;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The learning curves the charts show: one tenant's, of the live cycle (epoch by epoch, following the tenant that
 * trains) or of a past cycle read from the history. Changed and read on the UI thread.
 */
public final class LearningCurves {
    private static final String LIVE_PLACEHOLDER = "The learning curves appear here, epoch by epoch, while a cycle "
            + "trains.";

    private final Clock clock;
    private final ObservableList<Curve> curves = FXCollections.observableArrayList();
    private final ObservableList<Curve> curvesView = FXCollections.unmodifiableObservableList(curves);
    private final ObservableList<String> tenants = FXCollections.observableArrayList();
    private final ObservableList<String> tenantsView = FXCollections.unmodifiableObservableList(tenants);
    private final StringProperty tenant = new SimpleStringProperty();
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper("Live");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(LIVE_PLACEHOLDER);
    private final ReadOnlyBooleanWrapper showingLive = new ReadOnlyBooleanWrapper(true);
    private EpochCurves live = new EpochCurves();
    private EpochCurves past = new EpochCurves();
    /** Live epochs of the shown tenant not yet on its curves, per configuration. */
    private final Map<String, List<EpochRow>> pending = new LinkedHashMap<>();
    private String lastLiveTenant;

    LearningCurves(Clock clock) {
        this.clock = clock;
        tenant.addListener((obs, was, now) -> {
            if (!Objects.equals(was, now)) {
                rebuild();
            }
        });
    }

    // ---- what the view binds to

    /** The chosen tenant's curves, one per configuration. */
    public ObservableList<Curve> curves() {
        return curvesView;
    }

    /** The tenants that have curves to choose from. */
    public ObservableList<String> tenants() {
        return tenantsView;
    }

    /** The tenant whose curves are shown; the view may set it. */
    public StringProperty tenantProperty() {
        return tenant;
    }

    /** Where the shown curves come from: "Live · cycle 12" or "Cycle 9 · 3 Dec 14:05 · ok". */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    /** What the charts say while they have no points. */
    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    /** True while the curves follow the live cycle, false while they show a past cycle. */
    public ReadOnlyBooleanProperty showingLiveProperty() {
        return showingLive.getReadOnlyProperty();
    }

    // ---- the live cycle

    boolean showingLive() {
        return showingLive.get();
    }

    /**
     * A new live cycle: its curves start empty.
     *
     * @param fromStart the cycle's start was seen (else the page joined it under way)
     */
    void newLiveCycle(String title, boolean fromStart) {
        live = new EpochCurves();
        pending.clear();
        if (showingLive.get()) {
            source.set("Live · " + title);
            if (fromStart) {
                tenants.clear();
                rebuild();
            }
        }
    }

    /** A tenant of the live cycle began training: the curves follow it. */
    void tenantStarted(String name) {
        if (showingLive.get()) {
            if (!tenants.contains(name)) {
                tenants.add(name);
            }
            tenant.set(name);
        }
    }

    /** Queues a live epoch; {@link #publishLive()} shows the queued ones. */
    void addLive(EpochRow row) {
        live.add(row);
        lastLiveTenant = row.tenant();
        if (row.tenant().equals(tenant.get())) {
            pending.computeIfAbsent(row.candidate(), c -> new ArrayList<>()).add(row);
        }
    }

    /** Shows the live epochs queued since the last call (a batch costs one change per curve). */
    void publishLive() {
        Map<String, List<EpochRow>> shown = new LinkedHashMap<>(pending);
        pending.clear();
        if (!showingLive.get() || lastLiveTenant == null) {
            return;
        }
        for (String t : live.tenants()) {
            if (!tenants.contains(t)) {
                tenants.add(t);
            }
        }
        if (tenant.get() == null) {
            tenant.set(lastLiveTenant);
            return;
        }
        shown.forEach((label, rows) -> curveFor(label).append(rows));
    }

    /**
     * The curves show the live cycle again, following the tenant that trains.
     *
     * @param title         the live cycle's title, "" before any
     * @param cycleTenants  the live cycle's tenants
     * @param follow        the tenant to show
     */
    void followLive(String title, List<String> cycleTenants, String follow) {
        showingLive.set(true);
        source.set(title.isEmpty() ? "Live" : "Live · " + title);
        placeholder.set(LIVE_PLACEHOLDER);
        Set<String> names = new LinkedHashSet<>(cycleTenants);
        names.addAll(live.tenants());
        setIfDifferent(tenants, List.copyOf(names));
        if (Objects.equals(tenant.get(), follow)) {
            rebuild();
        } else {
            tenant.set(follow);
        }
    }

    // ---- a past cycle

    /** Shows a past cycle, whose epochs are being read. */
    void showPast(CycleRow cycle) {
        showingLive.set(false);
        past = new EpochCurves();
        source.set("Cycle " + cycle.id() + " · " + Formats.dateTime(cycle.started(), clock) + " · "
                + cycle.outcome().id());
        placeholder.set("Reading the cycle's epochs…");
        tenants.clear();
        rebuild();
    }

    /** The past cycle's epochs and tenants were read. */
    void pastRead(EpochCurves epochs, List<TenantResultRow> results) {
        if (showingLive.get()) {
            return;
        }
        past = epochs;
        Set<String> names = new LinkedHashSet<>(epochs.tenants());
        results.forEach(r -> names.add(r.tenant()));
        setIfDifferent(tenants, List.copyOf(names));
        placeholder.set(epochs.isEmpty()
                ? "No epochs are recorded for this cycle (nothing trained, or older than 90 days)."
                : "No epochs are recorded for this tenant in this cycle.");
        String keep = tenant.get();
        String choose = names.contains(keep) ? keep : epochs.tenants().stream().findFirst()
                .orElse(names.stream().findFirst().orElse(null));
        if (Objects.equals(choose, keep)) {
            rebuild();
        } else {
            tenant.set(choose);
        }
    }

    void pastFailed(String why) {
        placeholder.set("The cycle could not be read: " + why);
    }

    private void rebuild() {
        String t = tenant.get();
        EpochCurves from = showingLive.get() ? live : past;
        curves.setAll(t == null ? List.of() : from.curves(t));
    }

    private Curve curveFor(String label) {
        for (Curve c : curves) {
            if (c.label().equals(label)) {
                return c;
            }
        }
        Curve c = new Curve(tenant.get(), label);
        curves.add(c);
        return c;
    }

    private static <T> void setIfDifferent(ObservableList<T> list, List<T> values) {
        if (!list.equals(values)) {
            list.setAll(values);
        }
    }
}
