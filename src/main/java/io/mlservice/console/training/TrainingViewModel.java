package io.mlservice.console.training;

import java.util.stream.Stream;
import io.mlservice.model.TrainingPhase;
import io.mlservice.history.CycleTrigger;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.Formats;
import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.service.CycleResult;
import io.mlservice.history.CycleRow;
import io.mlservice.history.EpochRow;
import io.mlservice.history.FetchRow;
import io.mlservice.history.History;
import io.mlservice.service.MlService;
import io.mlservice.service.ServiceListener;
import io.mlservice.service.TenantResult;
import io.mlservice.history.TenantResultRow;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Training page's state and logic: starting and cancelling a cycle, the running cycle as the service reports
 * it (per tenant its phase, progress, time left and learning curves), and the history of past cycles with a
 * drill-down into one. Service events arrive on service threads and are applied on the UI executor, epochs at
 * most ten times a second; history queries run in the background. Everything observable is changed and read on
 * the UI executor.
 */
public final class TrainingViewModel {
    /** The phases of one tenant's training, in order (some are skipped: too little data, a model kept). */
    public static final List<String> TENANT_PHASES = Stream.of(TrainingPhase.PREPARE, TrainingPhase.SEARCH,
            TrainingPhase.EVALUATE, TrainingPhase.FINAL_FIT, TrainingPhase.SAVE, TrainingPhase.SWAP)
            .map(TrainingPhase::label).toList();
    /** The phases of a cycle before its tenants train. */
    public static final List<String> CYCLE_PHASES = Stream.of(TrainingPhase.FETCH, TrainingPhase.PREPARE)
            .map(TrainingPhase::label).toList();
    /** How many past cycles the history table shows. */
    static final int HISTORY_ROWS = 100;
    /** Epochs are published at most this often. */
    static final Duration PUBLISH_INTERVAL = Duration.ofMillis(100);

    private final ConsoleContext context;
    private final Object lock = new Object();
    private final Executor ui;
    private final EventBatcher<Event> events;
    private final ServiceListener listener = new Listener();
    private volatile boolean disposed;

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper training = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper cancelling = new ReadOnlyBooleanWrapper();
    private final BooleanBinding canTrain = running.and(training.not());
    private final BooleanBinding canCancel = running.and(training).and(cancelling.not());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper feedback = new ReadOnlyStringWrapper("");

    private final ReadOnlyStringWrapper cycleTitle = new ReadOnlyStringWrapper(
            "No training has run since the console opened.");
    private final ReadOnlyStringWrapper cyclePhase = new ReadOnlyStringWrapper("");
    private final ObservableSet<String> cyclePhases = FXCollections.observableSet(new LinkedHashSet<>());
    private final ObservableSet<String> cyclePhasesView = FXCollections.unmodifiableObservableSet(cyclePhases);
    private final ReadOnlyStringWrapper cycleOutcome = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper cycleMessage = new ReadOnlyStringWrapper("");
    // the read-only views are kept: they hold their listeners only weakly on the lists behind them
    private final ObservableList<TenantProgress> tenants = FXCollections.observableArrayList();
    private final ObservableList<TenantProgress> tenantsView = FXCollections.unmodifiableObservableList(tenants);
    private final Map<String, TenantProgress> tenantsByName = new LinkedHashMap<>();
    private long liveCycleId = -1;
    private String liveTitle = "";
    private EpochCurves liveCurves = new EpochCurves();

    private final ObservableList<Curve> curves = FXCollections.observableArrayList();
    private final ObservableList<Curve> curvesView = FXCollections.unmodifiableObservableList(curves);
    private final ObservableList<String> curveTenants = FXCollections.observableArrayList();
    private final ObservableList<String> curveTenantsView = FXCollections.unmodifiableObservableList(curveTenants);
    private final StringProperty curveTenant = new SimpleStringProperty();
    private final ReadOnlyStringWrapper curveSource = new ReadOnlyStringWrapper("Live");
    private final ReadOnlyStringWrapper curvesPlaceholder = new ReadOnlyStringWrapper(LIVE_PLACEHOLDER);
    private final ReadOnlyBooleanWrapper showingLive = new ReadOnlyBooleanWrapper(true);
    private EpochCurves historyCurves = new EpochCurves();

    private final ObservableList<CycleRow> cycles = FXCollections.observableArrayList();
    private final ObservableList<CycleRow> cyclesView = FXCollections.unmodifiableObservableList(cycles);
    private final ReadOnlyObjectWrapper<CycleRow> selectedCycle = new ReadOnlyObjectWrapper<>();
    private final ObservableList<TenantResultRow> cycleTenants = FXCollections.observableArrayList();
    private final ObservableList<TenantResultRow> cycleTenantsView =
            FXCollections.unmodifiableObservableList(cycleTenants);
    private final ObservableList<FetchRow> cycleFetches = FXCollections.observableArrayList();
    private final ObservableList<FetchRow> cycleFetchesView = FXCollections.unmodifiableObservableList(cycleFetches);
    private final ReadOnlyStringWrapper historyMessage = new ReadOnlyStringWrapper("Reading the history…");
    private final AtomicLong historyGeneration = new AtomicLong();
    private final AtomicLong detailGeneration = new AtomicLong();

    private static final String LIVE_PLACEHOLDER = "The learning curves appear here, epoch by epoch, while a cycle "
            + "trains.";

    public TrainingViewModel(ConsoleContext context) {
        this.context = context;
        // one lock around everything the UI executor runs: a no-op on the JavaFX thread, and it keeps tests that
        // run "UI" work directly on several threads from interleaving
        this.ui = r -> context.ui().execute(() -> {
            synchronized (lock) {
                if (!disposed) {
                    r.run();
                }
            }
        });
        this.events = new EventBatcher<>(ui, this::apply, PUBLISH_INTERVAL);
        curveTenant.addListener((obs, was, now) -> {
            if (!Objects.equals(was, now)) {
                rebuildCurves();
            }
        });
        status.set(statusText(null));
        context.host().addListener(listener);
        context.host().onStarted(started -> ui.execute(this::serviceStarted));
        if (context.host().service() != null) {
            ui.execute(this::serviceStarted);
        }
    }

    // ---- what the view binds to

    /** Whether the service runs (it may be starting, restarting or stopped). */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty trainingProperty() {
        return training.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty cancellingProperty() {
        return cancelling.getReadOnlyProperty();
    }

    /** "Train now" is possible: the service runs and no cycle does. */
    public BooleanBinding canTrainProperty() {
        return canTrain;
    }

    /** "Cancel" is possible: a cycle runs and was not asked to stop yet. */
    public BooleanBinding canCancelProperty() {
        return canCancel;
    }

    /** One line about the service's training: running, idle until when, or not running. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** What came of the last button pressed, e.g. that a cycle already runs; "" when nothing to say. */
    public ReadOnlyStringProperty feedbackProperty() {
        return feedback.getReadOnlyProperty();
    }

    /** The live cycle: "Cycle 12 · manual · started 14:05". */
    public ReadOnlyStringProperty cycleTitleProperty() {
        return cycleTitle.getReadOnlyProperty();
    }

    /** The live cycle's phase: {@code fetch}, {@code prepare}, {@code train} or, once it ended, its outcome. */
    public ReadOnlyStringProperty cyclePhaseProperty() {
        return cyclePhase.getReadOnlyProperty();
    }

    /** The cycle-wide phases ({@link #CYCLE_PHASES}) the live cycle went through. */
    public ObservableSet<String> cyclePhases() {
        return cyclePhasesView;
    }

    /** "" while the live cycle runs, then {@code ok}, {@code partial}, {@code failed} or {@code cancelled}. */
    public ReadOnlyStringProperty cycleOutcomeProperty() {
        return cycleOutcome.getReadOnlyProperty();
    }

    /** The live cycle's summary or failure, once it ended. */
    public ReadOnlyStringProperty cycleMessageProperty() {
        return cycleMessage.getReadOnlyProperty();
    }

    /** The live cycle's tenants: those served before it, and any it met. */
    public ObservableList<TenantProgress> tenants() {
        return tenantsView;
    }

    /** The curves the charts show: the chosen tenant's, of the live cycle or of the cycle chosen in the history. */
    public ObservableList<Curve> curves() {
        return curvesView;
    }

    /** The tenants that have curves to choose from. */
    public ObservableList<String> curveTenants() {
        return curveTenantsView;
    }

    /** The tenant whose curves are shown; the view may set it. */
    public StringProperty curveTenantProperty() {
        return curveTenant;
    }

    /** Where the shown curves come from: "Live · cycle 12" or "Cycle 9 · 3 Dec 14:05 · ok". */
    public ReadOnlyStringProperty curveSourceProperty() {
        return curveSource.getReadOnlyProperty();
    }

    /** What the charts say while they have no points. */
    public ReadOnlyStringProperty curvesPlaceholderProperty() {
        return curvesPlaceholder.getReadOnlyProperty();
    }

    /** True while the curves follow the live cycle, false while they show a past cycle. */
    public ReadOnlyBooleanProperty showingLiveProperty() {
        return showingLive.getReadOnlyProperty();
    }

    /** Past cycles, newest first (the running one too). */
    public ObservableList<CycleRow> cycles() {
        return cyclesView;
    }

    public ReadOnlyObjectProperty<CycleRow> selectedCycleProperty() {
        return selectedCycle.getReadOnlyProperty();
    }

    /** The selected cycle's tenants. */
    public ObservableList<TenantResultRow> cycleTenants() {
        return cycleTenantsView;
    }

    /** The selected cycle's export fetches (none for a folder export). */
    public ObservableList<FetchRow> cycleFetches() {
        return cycleFetchesView;
    }

    /** Why the history table is empty, or that it could not be read; "" when it shows rows. */
    public ReadOnlyStringProperty historyMessageProperty() {
        return historyMessage.getReadOnlyProperty();
    }

    // ---- actions (called on the UI executor; the lock only matters in tests, where "UI" work runs on any thread)

    /** Starts a cycle now, in the background; the curves go back to following the live cycle. */
    public void trainNow() {
        synchronized (lock) {
            MlService service = context.host().service();
            if (service == null) {
                feedback.set("The service is not running.");
                return;
            }
            showLive();
            feedback.set("Starting a training cycle…");
            inBackground(() -> {
                boolean started = service.trainNow();
                ui.execute(() -> feedback.set(started ? "" : "A training cycle is already running."));
            });
        }
    }

    /** Asks the running cycle to stop; tenants already swapped in keep their new models. */
    public void cancel() {
        synchronized (lock) {
            MlService service = context.host().service();
            if (service == null || !training.get()) {
                return;
            }
            cancelling.set(true);
            feedback.set("Cancelling: the cycle stops at the next epoch.");
            updateStatus();
            inBackground(service::cancelTraining);
        }
    }

    /**
     * Drills down into a past cycle: its tenants, fetches and learning curves, read in the background. The cycle
     * that is running now keeps its live curves.
     */
    public void select(CycleRow cycle) {
        synchronized (lock) {
            if (cycle == null || cycle.equals(selectedCycle.get())) {
                return;
            }
            MlService service = context.host().service();
            if (service == null) {
                return;
            }
            selectedCycle.set(cycle);
            long generation = detailGeneration.incrementAndGet();
            boolean live = cycle.id() == liveCycleId && training.get();
            if (live) {
                followLive();
            } else {
                showingLive.set(false);
                historyCurves = new EpochCurves();
                curveSource.set("Cycle " + cycle.id() + " · " + Formats.dateTime(cycle.started(), context.clock())
                        + " · " + cycle.outcome().id());
                curvesPlaceholder.set("Reading the cycle's epochs…");
                curveTenants.clear();
                rebuildCurves();
            }
            History history = service.history();
            inBackground(() -> {
                try {
                    List<TenantResultRow> results = history.tenantResults(cycle.id());
                    List<FetchRow> fetches = history.fetches(cycle.id());
                    EpochCurves epochs = new EpochCurves();
                    epochs.addAll(history.cycleEpochs(cycle.id()));
                    ui.execute(() -> {
                        if (generation == detailGeneration.get()) {
                            showDetails(results, fetches, epochs);
                        }
                    });
                } catch (RuntimeException e) {
                    ui.execute(() -> {
                        if (generation == detailGeneration.get()) {
                            curvesPlaceholder.set("The cycle could not be read: " + e.getMessage());
                        }
                    });
                }
            });
        }
    }

    /** Leaves the drill-down: the curves follow the live cycle again. */
    public void showLive() {
        synchronized (lock) {
            detailGeneration.incrementAndGet();
            selectedCycle.set(null);
            cycleTenants.clear();
            cycleFetches.clear();
            followLive();
        }
    }

    /** The curves show the live cycle, following the tenant that trains. */
    private void followLive() {
        showingLive.set(true);
        curveSource.set(liveTitle.isEmpty() ? "Live" : "Live · " + liveTitle);
        curvesPlaceholder.set(LIVE_PLACEHOLDER);
        setIfDifferent(curveTenants, liveCurveTenants());
        String follow = liveTenant();
        if (Objects.equals(curveTenant.get(), follow)) {
            rebuildCurves();
        } else {
            curveTenant.set(follow);
        }
    }

    /** Reads the recent cycles again, in the background. */
    public void refreshHistory() {
        synchronized (lock) {
            MlService service = context.host().service();
            if (service == null) {
                historyMessage.set("The history shows once the service runs.");
                return;
            }
            History history = service.history();
            long generation = historyGeneration.incrementAndGet();
            inBackground(() -> {
                try {
                    List<CycleRow> rows = history.recentCycles(HISTORY_ROWS);
                    ui.execute(() -> {
                        if (generation == historyGeneration.get()) {
                            showHistory(rows);
                        }
                    });
                } catch (RuntimeException e) {
                    ui.execute(() -> historyMessage.set("The history could not be read: " + e.getMessage()));
                }
            });
        }
    }

    /** Brings the status line up to date ("next training in 12 min" goes stale). */
    public void updateStatus() {
        synchronized (lock) {
            status.set(statusText(context.host().service()));
        }
    }

    /** Stops listening to the service. */
    public void dispose() {
        disposed = true;
        context.host().removeListener(listener);
    }

    /** Runs blocking work off the UI thread; nothing runs once the console is quitting. */
    private void inBackground(Runnable work) {
        try {
            context.background().execute(work);
        } catch (RejectedExecutionException e) {
            // the console is quitting
        }
    }

    /** The service events this view model listens to (tests feed it directly). */
    ServiceListener listener() {
        return listener;
    }

    // ---- applying what happened

    private void serviceStarted() {
        MlService service = context.host().service();
        running.set(service != null);
        training.set(service != null && service.training());
        updateStatus();
        refreshHistory();
    }

    private void apply(List<Event> batch) {
        List<Epoch> epochs = new ArrayList<>();
        for (Event e : batch) {
            if (e instanceof Epoch epoch) {
                epochs.add(epoch);
                continue;
            }
            applyEpochs(epochs);
            epochs.clear();
            if (e instanceof Started s) {
                cycleStarted(s);
            } else if (e instanceof Phase p) {
                phase(p);
            } else if (e instanceof TenantDone t) {
                tenantFinished(t);
            } else if (e instanceof Finished f) {
                cycleFinished(f.result());
            }
        }
        applyEpochs(epochs);
    }

    private void cycleStarted(Started s) {
        liveCycleId = s.cycleId();
        liveTitle = "cycle " + s.cycleId() + " · " + s.trigger();
        cycleTitle.set("Cycle " + s.cycleId() + " · " + s.trigger() + " · started "
                + Formats.dateTime(s.at(), context.clock()));
        cyclePhase.set("starting");
        cyclePhases.clear();
        cycleOutcome.set("");
        cycleMessage.set("");
        tenants.clear();
        tenantsByName.clear();
        s.knownTenants().forEach(this::tenant);
        liveCurves = new EpochCurves();
        training.set(true);
        cancelling.set(false);
        if (showingLive.get()) {
            curveSource.set("Live · " + liveTitle);
            curveTenants.clear();
            rebuildCurves();
        }
        updateStatus();
        refreshHistory();
    }

    private void phase(Phase p) {
        joinCycle(p.cycleId());
        if (p.tenant() == null) {
            cyclePhase.set(p.phase());
            cyclePhases.add(p.phase());
            return;
        }
        cyclePhase.set("train");
        TenantProgress tenant = tenant(p.tenant());
        boolean first = tenant.passed().isEmpty();
        tenant.enter(p.phase(), p.at());
        if (first && showingLive.get()) {
            // the curves follow the tenant that trains now
            if (!curveTenants.contains(p.tenant())) {
                curveTenants.add(p.tenant());
            }
            curveTenant.set(p.tenant());
        }
    }

    private void applyEpochs(List<Epoch> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, List<EpochRow>> shown = new LinkedHashMap<>();
        for (Epoch e : batch) {
            joinCycle(e.cycleId());
            liveCurves.add(e.row());
            tenant(e.row().tenant()).epoch(e.row().candidate(), e.fraction(), e.at());
            if (e.row().tenant().equals(curveTenant.get())) {
                shown.computeIfAbsent(e.row().candidate(), c -> new ArrayList<>()).add(e.row());
            }
        }
        if (!showingLive.get()) {
            return;
        }
        for (String t : liveCurves.tenants()) {
            if (!curveTenants.contains(t)) {
                curveTenants.add(t);
            }
        }
        if (curveTenant.get() == null) {
            curveTenant.set(batch.get(batch.size() - 1).row().tenant());
            return;
        }
        shown.forEach((label, rows) -> curveFor(label).append(rows));
    }

    private void tenantFinished(TenantDone t) {
        joinCycle(t.cycleId());
        TenantResult r = t.result();
        tenant(r.tenant()).finish(r.outcome().id(), summary(r));
    }

    /** What a finished tenant's row says: the new model's quality, or why no new model serves. */
    static String summary(TenantResult r) {
        return switch (r.outcome()) {
            case TRAINED -> r.report() == null ? "Trained and serving."
                    : "Trained and serving: held-out AUC " + Formats.metric(r.report().heldOut().auc())
                    + ", precision@10 " + Formats.metric(r.report().heldOut().precision()) + " vs "
                    + Formats.metric(r.report().popularity().precision()) + " for popularity.";
            case KEPT -> "Kept its previous model, which keeps serving: " + r.message() + ".";
            case INSUFFICIENT -> "Not trained, too little data: " + r.message() + ".";
            case FAILED -> "Failed, no model serves: " + r.message() + ".";
        };
    }

    private void cycleFinished(CycleResult r) {
        joinCycle(r.id());
        training.set(false);
        cancelling.set(false);
        cycleOutcome.set(r.outcome().id());
        cyclePhase.set(r.outcome().id());
        cycleMessage.set(r.message());
        Duration took = Duration.between(r.started(), r.finished());
        cycleTitle.set("Cycle " + r.id() + " · " + r.trigger().id() + " · " + r.outcome().id() + " after "
                + Formats.duration(took));
        if (feedback.get().startsWith("Cancelling")) {
            feedback.set("");
        }
        updateStatus();
        refreshHistory();
    }

    /** Events of a cycle that began before this view model listened still show. */
    private void joinCycle(long cycleId) {
        if (cycleId == liveCycleId) {
            return;
        }
        liveCycleId = cycleId;
        liveTitle = "cycle " + cycleId;
        cycleTitle.set("Cycle " + cycleId + " (running when this page opened)");
        training.set(true);
        tenants.clear();
        tenantsByName.clear();
        liveCurves = new EpochCurves();
        if (showingLive.get()) {
            curveSource.set("Live · " + liveTitle);
        }
        updateStatus();
    }

    private TenantProgress tenant(String name) {
        return tenantsByName.computeIfAbsent(name, n -> {
            TenantProgress p = new TenantProgress(n);
            tenants.add(p);
            return p;
        });
    }

    private void showHistory(List<CycleRow> rows) {
        cycles.setAll(rows);
        historyMessage.set(rows.isEmpty() ? "No training cycle has run yet." : "");
        CycleRow selected = selectedCycle.get();
        if (selected == null) {
            return;
        }
        rows.stream().filter(r -> r.id() == selected.id()).findFirst().ifPresent(fresh -> {
            if (!fresh.equals(selected)) {
                // the selected cycle changed (it finished): read it again
                select(fresh);
            }
        });
    }

    private void showDetails(List<TenantResultRow> results, List<FetchRow> fetches, EpochCurves epochs) {
        cycleTenants.setAll(results);
        cycleFetches.setAll(fetches);
        if (showingLive.get()) {
            return;
        }
        historyCurves = epochs;
        Set<String> names = new LinkedHashSet<>(epochs.tenants());
        results.forEach(r -> names.add(r.tenant()));
        setIfDifferent(curveTenants, List.copyOf(names));
        curvesPlaceholder.set(epochs.isEmpty()
                ? "No epochs are recorded for this cycle (nothing trained, or older than 90 days)."
                : "No epochs are recorded for this tenant in this cycle.");
        String keep = curveTenant.get();
        String choose = names.contains(keep) ? keep : epochs.tenants().stream().findFirst()
                .orElse(names.stream().findFirst().orElse(null));
        if (Objects.equals(choose, keep)) {
            rebuildCurves();
        } else {
            curveTenant.set(choose);
        }
    }

    private static <T> void setIfDifferent(ObservableList<T> list, List<T> values) {
        if (!list.equals(values)) {
            list.setAll(values);
        }
    }

    private void rebuildCurves() {
        String tenant = curveTenant.get();
        EpochCurves source = showingLive.get() ? liveCurves : historyCurves;
        curves.setAll(tenant == null ? List.of() : source.curves(tenant));
    }

    private Curve curveFor(String label) {
        for (Curve c : curves) {
            if (c.label().equals(label)) {
                return c;
            }
        }
        Curve c = new Curve(curveTenant.get(), label);
        curves.add(c);
        return c;
    }

    private List<String> liveCurveTenants() {
        Set<String> names = new LinkedHashSet<>(tenantsByName.keySet());
        names.addAll(liveCurves.tenants());
        return List.copyOf(names);
    }

    /** The tenant training now, else the last that trained, else the first known. */
    private String liveTenant() {
        String last = null;
        for (TenantProgress t : tenants) {
            if (!t.passed().isEmpty()) {
                last = t.tenant();
                if (t.outcomeProperty().get().isEmpty()) {
                    return last;
                }
            }
        }
        return last != null ? last : tenants.stream().findFirst().map(TenantProgress::tenant).orElse(null);
    }

    private String statusText(MlService service) {
        if (service == null) {
            return "The service is not running: training starts once it does.";
        }
        if (training.get()) {
            return cancelling.get() ? "Cancelling the training…"
                    : liveTitle.isEmpty() ? "Training…" : "Training: " + liveTitle + ".";
        }
        return service.nextTraining()
                .map(t -> "Idle. Next training " + Formats.dateTime(t, context.clock()) + " ("
                        + Formats.relative(t, context.clock()) + ").")
                .orElse("Idle. No training is scheduled.");
    }

    // ---- the service's events, queued from its threads

    private sealed interface Event permits Started, Phase, Epoch, TenantDone, Finished {
    }

    private record Started(long cycleId, String trigger, Instant at, List<String> knownTenants) implements Event {
    }

    private record Phase(long cycleId, String tenant, String phase, Instant at) implements Event {
    }

    private record Epoch(long cycleId, EpochRow row, double fraction, Instant at) implements Event {
    }

    private record TenantDone(long cycleId, TenantResult result) implements Event {
    }

    private record Finished(CycleResult result) implements Event {
    }

    /** Called on the service's threads: only queues. */
    private final class Listener implements ServiceListener {
        @Override
        public void cycleStarted(long cycleId, CycleTrigger trigger) {
            MlService service = context.host().service();
            List<String> known = service == null ? List.of()
                    : service.registry().snapshot().tenants().keySet().stream().sorted().toList();
            events.addNow(new Started(cycleId, trigger.id(), context.clock().instant(), known));
        }

        @Override
        public void phase(long cycleId, String tenant, TrainingPhase phase) {
            events.addNow(new Phase(cycleId, tenant, phase.label(), context.clock().instant()));
        }

        @Override
        public void epoch(long cycleId, String tenant, int candidate, HyperParameters hp, EpochStats stats,
                          Metrics heldOut, double fraction) {
            events.add(new Epoch(cycleId, EpochRow.of(tenant, candidate, hp, stats, heldOut), fraction,
                    context.clock().instant()));
        }

        @Override
        public void tenantFinished(long cycleId, TenantResult result) {
            events.addNow(new TenantDone(cycleId, result));
        }

        @Override
        public void cycleFinished(CycleResult result) {
            events.addNow(new Finished(result));
        }
    }
}
