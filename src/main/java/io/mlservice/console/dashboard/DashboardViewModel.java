package io.mlservice.console.dashboard;

import io.mlservice.history.CycleTrigger;
import io.mlservice.history.CycleOutcome;
import io.mlservice.config.BindAddress;
import io.mlservice.config.ServiceSettings;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ConsoleContext.Page;
import io.mlservice.console.Formats;
import io.mlservice.format.ByteSize;
import io.mlservice.console.ServiceHost;
import io.mlservice.console.dashboard.CardState.Status;
import io.mlservice.history.ApiMinuteRow;
import io.mlservice.service.CycleResult;
import io.mlservice.history.CycleRow;
import io.mlservice.history.FetchRow;
import io.mlservice.history.History;
import io.mlservice.service.MlService;
import io.mlservice.service.ServiceListener;
import io.mlservice.service.TenantResult;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.totara.TotaraStatus;
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

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The dashboard's state: the API, each tenant's model, the schedule, the last fetch, the API's traffic and
 * Totara's health. {@link #refresh} (the view calls it every few seconds) reads the service on the background
 * executor and publishes on the UI executor; the history is read when a tenant or cycle finishes and once a
 * minute, Totara is asked once a minute. Every property is read and observed on the UI thread.
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

    private final ServiceHost host;
    private final Executor ui;
    private final Executor background;
    private final Clock clock;
    private final ConsoleContext.Navigator navigator;

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
    private volatile boolean closed;

    // touched by one refresh at a time (the refreshing flag orders them)
    private MlService seen;
    private Traffic trafficMinutes = new Traffic();
    private BindAddress assessed;
    private ApiExposure exposure;

    public DashboardViewModel(ConsoleContext context) {
        this(context.host(), context.ui(), context.background(), context.clock(), context.navigator());
    }

    /**
     * @param ui         runs publishing on the UI thread ({@code Runnable::run} in tests)
     * @param background runs the reads of the service, history and Totara
     */
    public DashboardViewModel(ServiceHost host, Executor ui, Executor background, Clock clock,
                              ConsoleContext.Navigator navigator) {
        this.host = host;
        this.ui = ui;
        this.background = background;
        this.clock = clock;
        this.navigator = navigator;
        host.addListener(listener);
        host.onStarted(s -> refresh());
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
        if (closed) {
            return;
        }
        if (!refreshing.compareAndSet(false, true)) {
            refreshAgain.set(true);
            return;
        }
        try {
            background.execute(this::refreshLoop);
        } catch (RejectedExecutionException e) {
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
        MlService service = host.service();
        if (service == null) {
            return;
        }
        background.execute(() -> {
            service.trainNow();
            refresh();
        });
        navigator.show(Page.TRAINING);
    }

    /** Asks Totara's status endpoint in the background (unless a question is already out). */
    public void checkTotara() {
        MlService service = host.service();
        if (service == null || closed || !askingTotara.compareAndSet(false, true)) {
            return;
        }
        totaraAsked = clock.instant();
        ui.execute(() -> checkingTotara.set(true));
        try {
            background.execute(() -> {
                CardState state;
                try {
                    state = totaraState(service, service.status().checkTotara());
                } catch (RuntimeException e) {
                    state = new CardState(Status.DANGER, "Totara could not be checked", e.getMessage());
                } finally {
                    askingTotara.set(false);
                }
                CardState found = state;
                ui.execute(() -> {
                    totara.set(found);
                    checkingTotara.set(false);
                });
            });
        } catch (RejectedExecutionException e) {
            askingTotara.set(false);
        }
    }

    @Override
    public void close() {
        closed = true;
        host.removeListener(listener);
    }

    private void refreshLoop() {
        try {
            do {
                refreshAgain.set(false);
                refreshNow();
            } while (refreshAgain.get() && !closed);
        } catch (RuntimeException e) {
            LOG.warn("The dashboard could not read the service: {}", e.toString());
        } finally {
            refreshing.set(false);
        }
    }

    private void refreshNow() {
        MlService service = host.service();
        Instant now = clock.instant();
        if (service == null) {
            seen = null;
            ui.execute(this::showNotRunning);
            return;
        }
        if (service != seen) {
            seen = service;
            trafficMinutes = new Traffic();
            trafficMinutes.addHistory(apiMinutesOfTheLastHour(service, now));
            modelsStale = true;
            totaraAsked = null;
        }
        CardState apiState = apiState(service);
        String warning = exposure == null || !exposure.exposed() ? "" : exposure.warning();
        boolean isTraining = service.training();
        CardState scheduleState = scheduleState(service, isTraining, now);
        trafficMinutes.addLive(service.metrics().live(now));
        List<TrafficPoint> points = trafficMinutes.points(now);
        Models models = null;
        if (modelsStale || modelsRead == null || !now.isBefore(modelsRead.plus(MODELS_EVERY))) {
            modelsStale = false;
            modelsRead = now;
            models = models(service, isTraining);
        }
        Models read = models;
        ui.execute(() -> {
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

    private CardState apiState(MlService service) {
        ServiceSettings settings = service.settings();
        BindAddress bind = settings.bind();
        if (!bind.equals(assessed)) {
            exposure = ApiExposure.of(bind);
            assessed = bind;
        }
        URI uri;
        try {
            uri = service.baseUri();
        } catch (RuntimeException e) {
            // between the old and the new address while settings are applied
            return new CardState(Status.DANGER, "Not listening", "ML_BIND " + bind + ": " + e.getMessage());
        }
        return new CardState(exposure.exposed() ? Status.WARNING : Status.OK, "Listening on " + uri,
                "ML_BIND " + bind + " · reachable from " + exposure.reach());
    }

    private CardState scheduleState(MlService service, boolean isTraining, Instant now) {
        ServiceSettings s = service.settings();
        String every = s.retrainAt() != null ? "daily at " + s.retrainAt() : every(s.retrainMinutes());
        String last = service.status().lastTraining()
                .map(t -> " · last finished " + Formats.dateTime(t, clock)).orElse("");
        if (isTraining) {
            return new CardState(Status.OK, "Training now", "The Training page shows its progress" + last + ".");
        }
        Optional<Instant> next = service.nextTraining();
        if (next.isEmpty()) {
            return CardState.neutral("No training scheduled", "Trains " + every + last);
        }
        Instant due = next.get();
        String when = due.isAfter(now) ? Formats.relative(due, clock) : "due now";
        return CardState.neutral("Next training " + Formats.dateTime(due, clock) + " (" + when + ")",
                "Trains " + every + last);
    }

    /** What the history and the registry say about the tenants and the last fetch. */
    private record Models(List<TenantCard> cards, String note, CardState fetch) {
    }

    private Models models(MlService service, boolean isTraining) {
        ModelRegistry.Snapshot snapshot = service.registry().snapshot();
        List<TenantCard.CycleResults> cycles = new ArrayList<>();
        CardState fetchState;
        try {
            History history = service.history();
            for (CycleRow c : history.recentCycles(RECENT_CYCLES)) {
                cycles.add(new TenantCard.CycleResults(c, history.tenantResults(c.id())));
            }
            fetchState = fetchState(service, cycles);
        } catch (RuntimeException e) {
            // the history closes while the service stops
            fetchState = new CardState(Status.DANGER, "History not readable", e.getMessage());
        }
        List<TenantCard> cards = TenantCard.of(snapshot, cycles);
        String note = "";
        if (cards.isEmpty()) {
            note = isTraining ? "No model yet: the first training cycle is running."
                    : "No model is served: the last training cycle did not produce one (see Training).";
        }
        return new Models(cards, note, fetchState);
    }

    private CardState fetchState(MlService service, List<TenantCard.CycleResults> cycles) {
        ServiceSettings s = service.settings();
        CycleRow newest = cycles.isEmpty() ? null : cycles.get(0).cycle();
        if (s.exportDir() != null) {
            String what = host.demo() ? "the built-in demo dataset" : "the folder " + s.exportDir();
            String last = newest == null ? "" : newest.running() ? " A training cycle is reading it now."
                    : " Last read " + Formats.dateTime(newest.started(), clock) + ": " + describe(newest) + ".";
            return CardState.neutral("Exports come from a folder",
                    "Nothing is fetched from Totara: the service reads " + what + "." + last);
        }
        for (TenantCard.CycleResults c : cycles) {
            List<FetchRow> rows = service.history().fetches(c.cycle().id());
            if (!rows.isEmpty()) {
                return fetchState(c.cycle(), rows);
            }
        }
        if (newest != null && newest.running()) {
            return CardState.neutral("Fetching the export…", "From " + service.status().exportSource());
        }
        return CardState.neutral("No fetch yet", "The next training cycle fetches the export from "
                + service.status().exportSource() + ".");
    }

    private CardState fetchState(CycleRow cycle, List<FetchRow> rows) {
        FetchRow last = rows.get(rows.size() - 1);
        String at = Formats.dateTime(last.at(), clock);
        if (!fetchedWell(last)) {
            if (last.httpStatus() == 202 && cycle.running()) {
                return new CardState(Status.WARNING, "Totara is still exporting (" + at + ")", last.outcome());
            }
            return new CardState(Status.DANGER, "Fetch failed at " + at, last.file() + ": " + last.outcome());
        }
        long bytes = 0;
        long millis = 0;
        for (FetchRow r : rows) {
            bytes += r.bytes();
            millis += r.millis();
        }
        String cycleNote = cycle.outcome() == CycleOutcome.FAILED ? " The cycle then failed: " + cycle.message() : "";
        return new CardState(cycle.outcome() == CycleOutcome.FAILED ? Status.WARNING : Status.OK,
                "Fetched " + at + ": " + rows.size() + (rows.size() == 1 ? " file" : " files") + ", " + ByteSize.text(bytes),
                "in " + Formats.duration(Duration.ofMillis(millis)) + " from " + cycle.source() + "." + cycleNote);
    }

    private static boolean fetchedWell(FetchRow row) {
        return row.httpStatus() == 200 || (row.httpStatus() == 204 && row.file().equals("tenants.csv"));
    }

    private static String describe(CycleRow c) {
        return c.message().isEmpty() ? c.outcome().id() : c.outcome().id() + " (" + c.message() + ")";
    }

    private CardState totaraState(MlService service, Optional<TotaraStatus> status) {
        String checked = " · checked " + Formats.fullDateTime(clock.instant()).substring(11);
        if (status.isEmpty()) {
            return host.demo()
                    ? CardState.neutral("No Totara configured (demo dataset)",
                            "Connect a Totara site in Settings to train on its data.")
                    : CardState.neutral("No Totara configured", "Exports come from "
                            + service.status().exportSource() + ".");
        }
        TotaraStatus s = status.get();
        String where = s.url() + (s.ip() == null ? "" : " (" + s.ip() + ")");
        if (s.ok()) {
            return new CardState(Status.OK, "Totara answers",
                    where + " in " + String.format(Locale.ROOT, "%.2f s", s.elapsedSeconds()) + checked);
        }
        return new CardState(Status.DANGER, "Totara does not answer", s.error() + " · " + where + checked);
    }

    private static List<ApiMinuteRow> apiMinutesOfTheLastHour(MlService service, Instant now) {
        try {
            return service.history().apiMinutes(now.minus(Duration.ofMinutes(Traffic.MINUTES)), now);
        } catch (RuntimeException e) {
            LOG.warn("The dashboard could not read the API minutes: {}", e.getMessage());
            return List.of();
        }
    }

    /** "every day", "every 6 hours", "every 90 minutes". */
    static String every(int minutes) {
        if (minutes % 1440 == 0) {
            return minutes == 1440 ? "every day" : "every " + minutes / 1440 + " days";
        }
        if (minutes % 60 == 0) {
            return minutes == 60 ? "every hour" : "every " + minutes / 60 + " hours";
        }
        return minutes == 1 ? "every minute" : "every " + minutes + " minutes";
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
