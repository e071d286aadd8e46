package io.mlservice.console.dashboard;

import io.mlservice.console.BackgroundTasks;
import io.mlservice.console.ConsoleContext.Page;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.Formats;
import io.mlservice.console.RunningService;
import io.mlservice.console.ServiceAccess;
import io.mlservice.console.dashboard.CardState.Status;
import io.mlservice.history.ApiMinuteRow;
import io.mlservice.history.CycleRow;
import io.mlservice.history.CycleTrigger;
import io.mlservice.service.CycleResult;
import io.mlservice.service.ServiceListener;
import io.mlservice.service.TenantResult;
import io.mlservice.serving.ModelRegistry;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The dashboard's state: the API, each tenant's model, the schedule, the last fetch, the API's traffic and
 * Totara's health. {@link #refresh} (the view calls it every few seconds) reads the service on the background
 * executor and publishes on the UI executor; the history is read when a tenant or cycle finishes and once a
 * minute, Totara is asked once a minute. What the status cards say is worked out by {@link ServiceCards}. Every
 * property is read and observed on the UI thread.
 */
public final class DashboardViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardViewModel.class);

    /** How often Totara's status endpoint is asked (each question may take up to 5 s). */
    static final Duration TOTARA_EVERY = Duration.ofMinutes(1);
    /** How often the history is read again without an event saying it changed. */
    static final Duration MODELS_EVERY = Duration.ofMinutes(1);
    private static final int RECENT_CYCLES = 20;

    static final CardState NOT_RUNNING = CardState.neutral("Service not running",
            "It is starting, or it stopped: the banner above says why.");

    private final ServiceAccess service;
    private final BackgroundTasks tasks;
    private final Clock clock;
    private final ConsoleContext.Navigator navigator;
    private final ServiceCards cards;

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<CardState> api = new ReadOnlyObjectWrapper<>(NOT_RUNNING);
    private final ReadOnlyStringWrapper apiWarning = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<CardState> schedule = new ReadOnlyObjectWrapper<>(NOT_RUNNING);
    private final ReadOnlyBooleanWrapper training = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<CardState> fetch = new ReadOnlyObjectWrapper<>(NOT_RUNNING);
    private final ReadOnlyObjectWrapper<CardState> totara = new ReadOnlyObjectWrapper<>(NOT_RUNNING);
    private final ReadOnlyBooleanWrapper checkingTotara = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper modelsNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper updated = new ReadOnlyStringWrapper("");
    private final ObservableList<TenantCard> tenants = FXCollections.observableArrayList();
    private final ObservableList<TrafficPoint> traffic = FXCollections.observableArrayList();

    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicBoolean refreshAgain = new AtomicBoolean();
    private final AtomicBoolean askingTotara = new AtomicBoolean();
    private final ServiceListener listener = new Events();
    private volatile boolean modelsStale = true;
    private volatile Instant modelsRead;
    private volatile Instant totaraAsked;

    // touched by one refresh at a time (the refreshing flag orders them)
    private RunningService seen;
    private Traffic trafficMinutes = new Traffic();

    /** Follows the service from here on: its start, each cycle and tenant finished. */
    public DashboardViewModel(ConsoleContext context) {
        this.service = context.service();
        this.tasks = context.tasks();
        this.clock = context.clock();
        this.navigator = context.navigator();
        this.cards = new ServiceCards(clock);
        service.addListener(listener);
        service.onStarted(s -> refresh());
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Where the API listens, and how far that reaches. */
    public ReadOnlyObjectProperty<CardState> apiProperty() {
        return api.getReadOnlyProperty();
    }

    /** Empty, or why the listen address reaches beyond a private network and what to do. */
    public ReadOnlyStringProperty apiWarningProperty() {
        return apiWarning.getReadOnlyProperty();
    }

    /** The next training, or that one is running. */
    public ReadOnlyObjectProperty<CardState> scheduleProperty() {
        return schedule.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty trainingProperty() {
        return training.getReadOnlyProperty();
    }

    /** The last fetch of the export and how it went, or that exports come from a folder. */
    public ReadOnlyObjectProperty<CardState> fetchProperty() {
        return fetch.getReadOnlyProperty();
    }

    /** Totara's answer to the status check. */
    public ReadOnlyObjectProperty<CardState> totaraProperty() {
        return totara.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty checkingTotaraProperty() {
        return checkingTotara.getReadOnlyProperty();
    }

    /** Empty, or why there are no tenant cards. */
    public ReadOnlyStringProperty modelsNoteProperty() {
        return modelsNote.getReadOnlyProperty();
    }

    /** "Updated 14:05:09". */
    public ReadOnlyStringProperty updatedProperty() {
        return updated.getReadOnlyProperty();
    }

    /** Every served tenant's model. */
    public ObservableList<TenantCard> tenants() {
        return tenants;
    }

    /** The last hour of API traffic per minute, oldest first, the running minute last. */
    public ObservableList<TrafficPoint> traffic() {
        return traffic;
    }

    /**
     * Reads the service again in the background and publishes what it found; the history when it changed or a
     * minute passed, Totara when a minute passed. A call while a refresh runs makes it run once more afterwards.
     */
    public void refresh() {
        if (!refreshing.compareAndSet(false, true)) {
            refreshAgain.set(true);
            return;
        }
        if (!tasks.run(this::refreshLoop)) {
            refreshing.set(false);
        }
    }

    /** The Refresh button: everything now, the history and Totara included. */
    public void refreshAll() {
        modelsStale = true;
        totaraAsked = null;
        refresh();
    }

    /** Starts a training cycle now and opens the Training page, which shows it. */
    public void trainNow() {
        if (!service.running()) {
            return;
        }
        tasks.run(() -> {
            service.trainNow();
            refresh();
        });
        navigator.show(Page.TRAINING);
    }

    /** Asks Totara's status endpoint in the background (unless a question is already out). */
    public void checkTotara() {
        Optional<RunningService> current = service.current();
        if (current.isEmpty() || !askingTotara.compareAndSet(false, true)) {
            return;
        }
        totaraAsked = clock.instant();
        tasks.publish(() -> checkingTotara.set(true));
        boolean started = tasks.task(() -> cards.totara(current.get(), service.demo()))
                .onSuccess(found -> {
                    askingTotara.set(false);
                    totara.set(found);
                    checkingTotara.set(false);
                })
                .onFailure(e -> {
                    askingTotara.set(false);
                    totara.set(new CardState(Status.DANGER, "Totara could not be checked", e.getMessage()));
                    checkingTotara.set(false);
                })
                .start();
        if (!started) {
            askingTotara.set(false);
        }
    }

    @Override
    public void close() {
        tasks.close();
        service.removeListener(listener);
    }

    private void refreshLoop() {
        try {
            do {
                refreshAgain.set(false);
                refreshNow();
            } while (refreshAgain.get());
        } catch (RuntimeException e) {
            LOG.warn("The dashboard could not read the service: {}", e.toString());
        } finally {
            refreshing.set(false);
        }
    }

    private void refreshNow() {
        Optional<RunningService> current = service.current();
        Instant now = clock.instant();
        if (current.isEmpty()) {
            seen = null;
            tasks.publish(this::showNotRunning);
            return;
        }
        RunningService s = current.get();
        if (!s.equals(seen)) {
            seen = s;
            trafficMinutes = new Traffic();
            trafficMinutes.addHistory(apiMinutesOfTheLastHour(s, now));
            modelsStale = true;
            totaraAsked = null;
        }
        CardState apiState = cards.api(s);
        String warning = cards.apiWarning();
        boolean isTraining = s.training();
        CardState scheduleState = cards.schedule(s, isTraining, now);
        trafficMinutes.addLive(s.liveTraffic(now));
        List<TrafficPoint> points = trafficMinutes.points(now);
        Models models = null;
        if (modelsStale || modelsRead == null || !now.isBefore(modelsRead.plus(MODELS_EVERY))) {
            modelsStale = false;
            modelsRead = now;
            models = models(s, isTraining);
        }
        Models read = models;
        tasks.publish(() -> {
            running.set(true);
            api.set(apiState);
            apiWarning.set(warning);
            training.set(isTraining);
            schedule.set(scheduleState);
            traffic.setAll(points);
            if (read != null) {
                if (!read.cards().equals(tenants)) {
                    tenants.setAll(read.cards());
                }
                modelsNote.set(read.note());
                fetch.set(read.fetch());
            }
            updated.set("Updated " + Formats.fullDateTime(now).substring(11));
        });
        Instant asked = totaraAsked;
        if (asked == null || !now.isBefore(asked.plus(TOTARA_EVERY))) {
            checkTotara();
        }
    }

    private void showNotRunning() {
        running.set(false);
        api.set(NOT_RUNNING);
        apiWarning.set("");
        schedule.set(NOT_RUNNING);
        training.set(false);
        fetch.set(NOT_RUNNING);
        totara.set(NOT_RUNNING);
        modelsNote.set("The models show once the service runs.");
        tenants.clear();
    }

    /** What the history and the registry say about the tenants and the last fetch. */
    private record Models(List<TenantCard> cards, String note, CardState fetch) {
    }

    private Models models(RunningService s, boolean isTraining) {
        ModelRegistry.Snapshot snapshot = s.models();
        List<TenantCard.CycleResults> cycles = new ArrayList<>();
        CardState fetchState;
        try {
            for (CycleRow c : s.recentCycles(RECENT_CYCLES)) {
                cycles.add(new TenantCard.CycleResults(c, s.tenantResults(c.id())));
            }
            fetchState = cards.fetch(s, cycles, service.demo());
        } catch (RuntimeException e) {
            // the history closes while the service stops
            fetchState = new CardState(Status.DANGER, "History not readable", e.getMessage());
        }
        List<TenantCard> tenantCards = TenantCard.of(snapshot, cycles);
        String note = "";
        if (tenantCards.isEmpty()) {
            note = isTraining ? "No model yet: the first training cycle is running."
                    : "No model is served: the last training cycle did not produce one (see Training).";
        }
        return new Models(tenantCards, note, fetchState);
    }

    private static List<ApiMinuteRow> apiMinutesOfTheLastHour(RunningService s, Instant now) {
        try {
            return s.apiMinutes(now.minus(Duration.ofMinutes(Traffic.MINUTES)), now);
        } catch (RuntimeException e) {
            LOG.warn("The dashboard could not read the API minutes: {}", e.getMessage());
            return List.of();
        }
    }

    /** Reads the history again when a tenant or a cycle finished (events arrive on the training thread). */
    private final class Events implements ServiceListener {
        @Override
        public void cycleStarted(long cycleId, CycleTrigger trigger) {
            modelsStale = true;
            refresh();
        }

        @Override
        public void tenantFinished(long cycleId, TenantResult result) {
            modelsStale = true;
            refresh();
        }

        @Override
        public void cycleFinished(CycleResult result) {
            modelsStale = true;
            refresh();
        }
    }
}
