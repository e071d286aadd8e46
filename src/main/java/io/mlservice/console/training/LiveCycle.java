package io.mlservice.console.training;

import io.mlservice.console.EaseFigures;
import io.mlservice.console.Formats;
import io.mlservice.history.CycleOutcome;
import io.mlservice.model.TrainingPhase;
import io.mlservice.service.CycleResult;
import io.mlservice.service.TenantResult;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The cycle that runs now, as the service reports it: its title, the step it is in and the cycle-wide phases it
 * went through, per tenant its phase, progress and time left, and how it ended. Changed and read on the UI thread.
 */
public final class LiveCycle {
    /** The phases of one tenant's training, in order (some are skipped: too little data, a model kept). */
    public static final List<TrainingPhase> TENANT_PHASES = List.of(TrainingPhase.PREPARE, TrainingPhase.SEARCH,
            TrainingPhase.EVALUATE, TrainingPhase.FINAL_FIT, TrainingPhase.SAVE, TrainingPhase.SWAP);

    private final Clock clock;
    private final ReadOnlyBooleanWrapper training = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper cancelling = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper cycleTitle = new ReadOnlyStringWrapper(
            "No training has run since the console opened.");
    private final ReadOnlyObjectWrapper<CycleStep> step = new ReadOnlyObjectWrapper<>();
    private final ObservableSet<TrainingPhase> cyclePhases = FXCollections.observableSet(new LinkedHashSet<>());
    private final ObservableSet<TrainingPhase> cyclePhasesView = FXCollections.unmodifiableObservableSet(cyclePhases);
    private final ReadOnlyObjectWrapper<CycleOutcome> outcome = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    // the read-only views are kept: they hold their listeners only weakly on the lists behind them
    private final ObservableList<TenantProgress> tenants = FXCollections.observableArrayList();
    private final ObservableList<TenantProgress> tenantsView = FXCollections.unmodifiableObservableList(tenants);
    private final Map<String, TenantProgress> tenantsByName = new LinkedHashMap<>();
    private long cycleId = -1;
    private String title = "";

    LiveCycle(Clock clock) {
        this.clock = clock;
    }

    // ---- what the view binds to

    /** Whether a cycle runs (also one that began before the page opened). */
    public ReadOnlyBooleanProperty trainingProperty() {
        return training.getReadOnlyProperty();
    }

    /** Cancel was pressed and the cycle has not stopped yet. */
    public ReadOnlyBooleanProperty cancellingProperty() {
        return cancelling.getReadOnlyProperty();
    }

    /** "Cycle 12 · manual · started 14:05". */
    public ReadOnlyStringProperty cycleTitleProperty() {
        return cycleTitle.getReadOnlyProperty();
    }

    /** Where the cycle is; null before any cycle. */
    public ReadOnlyObjectProperty<CycleStep> stepProperty() {
        return step.getReadOnlyProperty();
    }

    /** The cycle-wide phases ({@link TrainingPhase#FETCH}, {@link TrainingPhase#PREPARE}) it went through. */
    public ObservableSet<TrainingPhase> cyclePhases() {
        return cyclePhasesView;
    }

    /** Null while the cycle runs, then how it ended. */
    public ReadOnlyObjectProperty<CycleOutcome> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** The cycle's summary or failure, once it ended. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The cycle's tenants: those served before it, and any it met. */
    public ObservableList<TenantProgress> tenants() {
        return tenantsView;
    }

    // ---- for the page's view model

    long cycleId() {
        return cycleId;
    }

    /** "cycle 12 · manual", or "" before any cycle. */
    String title() {
        return title;
    }

    boolean training() {
        return training.get();
    }

    boolean cancelling() {
        return cancelling.get();
    }

    /** What the service says when it (re)starts: whether a cycle runs. */
    void serviceTraining(boolean runs) {
        training.set(runs);
    }

    void cancelRequested() {
        cancelling.set(true);
    }

    void started(CycleEvent.Started s) {
        cycleId = s.cycleId();
        title = "cycle " + s.cycleId() + " · " + s.trigger().id();
        cycleTitle.set("Cycle " + s.cycleId() + " · " + s.trigger().id() + " · started "
                + Formats.dateTime(s.at(), clock));
        step.set(CycleStep.STARTING);
        cyclePhases.clear();
        outcome.set(null);
        message.set("");
        tenants.clear();
        tenantsByName.clear();
        s.knownTenants().forEach(this::tenant);
        training.set(true);
        cancelling.set(false);
    }

    /**
     * Events of a cycle that began before the page listened still show: takes that cycle as the live one.
     *
     * @return true when the event belongs to a cycle not seen before
     */
    boolean join(long id) {
        if (id == cycleId) {
            return false;
        }
        cycleId = id;
        title = "cycle " + id;
        cycleTitle.set("Cycle " + id + " (running when this page opened)");
        training.set(true);
        tenants.clear();
        tenantsByName.clear();
        return true;
    }

    /**
     * A phase of the cycle or of a tenant.
     *
     * @return true when a tenant entered its first phase (its training begins)
     */
    boolean phase(CycleEvent.Phase p) {
        if (p.tenant() == null) {
            CycleStep.of(p.phase()).ifPresent(step::set);
            cyclePhases.add(p.phase());
            return false;
        }
        step.set(CycleStep.TRAIN);
        TenantProgress tenant = tenant(p.tenant());
        boolean first = tenant.passed().isEmpty();
        tenant.enter(p.phase(), p.at());
        return first;
    }

    void epoch(CycleEvent.Epoch e) {
        tenant(e.row().tenant()).epoch(e.row().candidate(), e.fraction(), e.at());
    }

    void tenantFinished(TenantResult r) {
        tenant(r.tenant()).finish(r.outcome(), summary(r));
    }

    void finished(CycleResult r) {
        training.set(false);
        cancelling.set(false);
        outcome.set(r.outcome());
        step.set(CycleStep.ENDED);
        message.set(r.message());
        Duration took = Duration.between(r.started(), r.finished());
        cycleTitle.set("Cycle " + r.id() + " · " + r.trigger().id() + " · " + r.outcome().id() + " after "
                + Formats.duration(took));
    }

    /** The tenants known in this cycle, in the order they came. */
    List<String> tenantNames() {
        return List.copyOf(tenantsByName.keySet());
    }

    /** The tenant training now, else the last that trained, else the first known. */
    String currentTenant() {
        String last = null;
        for (TenantProgress t : tenants) {
            if (!t.passed().isEmpty()) {
                last = t.tenant();
                if (!t.done()) {
                    return last;
                }
            }
        }
        return last != null ? last : tenants.stream().findFirst().map(TenantProgress::tenant).orElse(null);
    }

    /** What a finished tenant's row says: the new model's quality, or why no new model serves. */
    static String summary(TenantResult r) {
        return switch (r.outcome()) {
            case TRAINED -> r.report() == null ? "Trained and serving."
                    : "Trained and serving: held-out AUC " + Formats.metric(r.report().heldOut().auc())
                    + ", precision@10 " + Formats.metric(r.report().heldOut().precision()) + " vs "
                    + Formats.metric(r.report().popularity().precision()) + " for popularity"
                    + ease(r.report().ease().precision()) + ".";
            case KEPT -> "Kept its previous model, which keeps serving: " + r.message() + ".";
            case INSUFFICIENT -> "Not trained, too little data: " + r.message() + ".";
            case FAILED -> "Failed, no model serves: " + r.message() + ".";
        };
    }

    private static String ease(double precision) {
        return Double.isNaN(precision) ? " (EASE^R " + EaseFigures.NOT_MEASURED + ")"
                : " and " + Formats.metric(precision) + " for EASE^R";
    }

    private TenantProgress tenant(String name) {
        return tenantsByName.computeIfAbsent(name, n -> {
            TenantProgress p = new TenantProgress(n);
            tenants.add(p);
            return p;
        });
    }
}
