package io.mlservice.service;

import io.mlservice.history.TenantResultRow;
import io.mlservice.history.FetchRow;
import io.mlservice.history.EpochRow;
import io.mlservice.history.CycleRow;
import io.mlservice.history.ApiMinuteRow;
import io.mlservice.history.TrainSummaryLog;
import io.mlservice.history.History;
import io.mlservice.api.ApiMetrics;
import io.mlservice.api.ApiServer;
import io.mlservice.api.ServiceStatus;
import io.mlservice.config.ConfigException;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsLoader;
import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.model.ModelFile;
import io.mlservice.model.TenantModel;
import io.mlservice.model.TenantTrainer;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.totara.Algorithm;
import io.mlservice.totara.DatasetAssembler;
import io.mlservice.totara.ExportDownloader;
import io.mlservice.totara.ExportReader;
import io.mlservice.totara.TotaraClient;
import io.mlservice.totara.TotaraStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running service as one object: the API, the models it serves, the training schedule, the history and the
 * logs. The headless command and the console both drive it; neither adds logic of its own.
 *
 * <p>Threads: Jetty's pool answers requests from the {@link ModelRegistry}'s current snapshot; one training
 * thread runs cycles one at a time; one housekeeping thread writes API minutes to the history. No request path
 * takes a lock that training holds.
 */
public final class MlService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MlService.class);

    /** Retry delays after a failed cycle, in minutes; never longer than the regular interval. */
    private static final int[] RETRY_MINUTES = {2, 5, 15, 30, 60};
    private static final Duration TOTARA_STATUS_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STOP_TRAINING_WAIT = Duration.ofSeconds(30);
    private static final Duration HISTORY_RETENTION = Duration.ofDays(90);

    /**
     * What the settings do not cover: the waits between tries while Totara is still exporting (HTTP 202), and an
     * optional fixed training configuration instead of the search (tests, the benchmark).
     *
     * @param fixed null to search hyper-parameters each cycle
     */
    public record Tuning(List<Duration> exportRetryDelays, HyperParameters fixed) {
        public Tuning {
            exportRetryDelays = List.copyOf(exportRetryDelays);
        }

        /** The downloader's waits while Totara exports (a failed cycle is then retried within minutes). */
        public static Tuning defaults() {
            return new Tuning(List.of(ExportDownloader.defaultBackoff()), null);
        }
    }

    private final AtomicReference<ServiceSettings> settings;
    private final Clock clock;
    private final Tuning tuning;
    private final ModelRegistry registry = new ModelRegistry();
    private final ApiMetrics metrics;
    private final List<ServiceListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final AtomicBoolean training = new AtomicBoolean();
    private final AtomicReference<Instant> nextDue = new AtomicReference<>();
    private final AtomicReference<Instant> lastTraining = new AtomicReference<>();
    private final Object scheduleLock = new Object();

    private ScheduledExecutorService trainingThread;
    private ScheduledExecutorService housekeeping;
    private ScheduledFuture<?> pending;
    private volatile int consecutiveFailures;
    private History history;
    private TrainSummaryLog summaryLog;
    private volatile ApiServer api;
    private volatile boolean stopping;

    public MlService(ServiceSettings settings, Clock clock) {
        this(settings, clock, Tuning.defaults());
    }

    public MlService(ServiceSettings settings, Clock clock, Tuning tuning) {
        this.settings = new AtomicReference<>(settings);
        this.clock = clock;
        this.tuning = tuning;
        this.metrics = new ApiMetrics(clock);
    }

    public void addListener(ServiceListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ServiceListener listener) {
        listeners.remove(listener);
    }

    /**
     * Starts serving: checks the settings and folders, starts the API, loads the newest saved model (serving it at
     * once), opens the history and schedules training: at once when there is no model, else one interval later.
     *
     * @throws ConfigException for settings an administrator must fix (missing key, unwritable folder)
     * @throws IOException     when the port is taken or a file cannot be opened
     */
    public void start() throws ConfigException, IOException {
        ServiceSettings s = settings.get();
        SettingsLoader.requireServiceReady(s);
        SettingsLoader.prepareDirectories(s);
        ServiceLogging.logToFolder(s.logsDir());
        LOG.info("Starting ML Service {}", Version.current());
        summaryLog = new TrainSummaryLog(s.logsDir());
        // Serving comes first: the API and the saved model, then the history (opening SQLite costs a native
        // library load) and what it restores.
        api = startedApi();
        List<TenantModel> loaded = loadSavedModel(s.modelsDir());
        try {
            history = History.open(s.historyFile());
        } catch (IOException | RuntimeException e) {
            api.stop();
            throw e;
        }
        history.lastFinishedCycle().ifPresent(c -> lastTraining.set(c.finished()));
        if (!loaded.isEmpty()) {
            untrainedTenantsOfLastCycle(loaded, clock.instant()).forEach(registry::swap);
        }
        trainingThread = Executors.newSingleThreadScheduledExecutor(named("training"));
        housekeeping = Executors.newSingleThreadScheduledExecutor(named("housekeeping"));
        housekeeping.scheduleAtFixedRate(this::writeApiMinutes, 60, 60, TimeUnit.SECONDS);
        housekeeping.scheduleAtFixedRate(this::pruneHistory, 1, 24 * 60, TimeUnit.MINUTES);
        LOG.info("Serving on {} ({}), exports from {}", api.baseUri(), s.bind(), exportSource().describe());
        if (!loaded.isEmpty()) {
            schedule(regularNext(clock.instant()), "schedule");
        } else {
            schedule(clock.instant(), "startup");
        }
    }

    /** The API's actual port (useful when the settings ask for port 0). */
    public int port() {
        return api.port();
    }

    public java.net.URI baseUri() {
        return api.baseUri();
    }

    public ModelRegistry registry() {
        return registry;
    }

    public ApiMetrics metrics() {
        return metrics;
    }

    public History history() {
        return history;
    }

    public ServiceSettings settings() {
        return settings.get();
    }

    /**
     * What {@link #apply} did: the settings in force, and the names of the changed settings that take effect only
     * after a restart (the folders and the history file, which open files depend on).
     */
    public record Applied(ServiceSettings settings, List<String> needRestart) {
        public Applied {
            needRestart = List.copyOf(needRestart);
        }
    }

    /**
     * Puts new settings into effect without a restart: the key, development mode, cold start, seen rule and item
     * cap at the next request; a new listen address by rebinding the API (back on the old address if the new one
     * cannot be bound); a new schedule by rescheduling the next cycle; source, algorithm and threads at the next
     * cycle. Settings that are not valid change nothing.
     *
     * @throws ConfigException for a setting an administrator must fix
     * @throws IOException     when the new address cannot be bound (the old one keeps serving)
     */
    public synchronized Applied apply(ServiceSettings next) throws ConfigException, IOException {
        if (stopping || api == null) {
            throw new IllegalStateException("the service is not running");
        }
        SettingsLoader.requireServiceReady(next);
        ServiceSettings before = settings.get();
        List<String> needRestart = new ArrayList<>();
        if (!same(before.modelsDir(), next.modelsDir())) {
            needRestart.add(Setting.MODELS_DIR.variable());
        }
        if (!same(before.logsDir(), next.logsDir())) {
            needRestart.add(Setting.LOGS_DIR.variable());
        }
        if (!same(before.historyFile(), next.historyFile())) {
            needRestart.add(Setting.HISTORY_DB.variable());
        }
        ServiceSettings effective = next.withChanges(
                before.textsOf(Setting.MODELS_DIR, Setting.LOGS_DIR, Setting.HISTORY_DB));
        SettingsLoader.prepareDirectories(effective);
        if (!effective.bind().equals(before.bind())) {
            rebind(before, effective);
        }
        settings.set(effective);
        boolean scheduleChanged = effective.retrainMinutes() != before.retrainMinutes()
                || !java.util.Objects.equals(effective.retrainAt(), before.retrainAt());
        if (scheduleChanged && !training.get() && nextDue.get() != null && consecutiveFailures == 0) {
            Instant from = Optional.ofNullable(lastTraining.get()).orElse(clock.instant());
            Instant due = regularNext(from);
            schedule(due.isBefore(clock.instant()) ? clock.instant() : due, "schedule");
        }
        LOG.info("Settings applied{}", needRestart.isEmpty() ? "" : "; after a restart: " + needRestart);
        return new Applied(effective, needRestart);
    }

    /** Moves the API to the new address; when that fails, the old address serves again and the error is thrown. */
    private void rebind(ServiceSettings before, ServiceSettings after) throws IOException {
        api.stop();
        settings.set(after);
        try {
            api = startedApi();
        } catch (IOException e) {
            settings.set(before);
            api = startedApi();
            throw e;
        }
        LOG.info("The API moved from {} to {}", before.bind(), after.bind());
    }

    private ApiServer startedApi() throws IOException {
        ApiServer server = new ApiServer(settings::get, registry, new Status(), metrics, clock);
        server.start();
        return server;
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    public ServiceStatus status() {
        return new Status();
    }

    public boolean training() {
        return training.get();
    }

    public Optional<Instant> nextTraining() {
        return Optional.ofNullable(nextDue.get());
    }

    /**
     * Starts a cycle now unless one is running; the regular schedule continues after it.
     *
     * @return false when a cycle is already running
     */
    public boolean trainNow() {
        if (training.get() || stopping) {
            return false;
        }
        schedule(clock.instant(), "manual");
        return true;
    }

    /** Asks the running cycle to stop; tenants already swapped in keep their new models. */
    public void cancelTraining() {
        if (training.get()) {
            cancelRequested.set(true);
        }
    }

    /**
     * Stops gracefully: no new cycle starts, a running one is cancelled and waited for (model files are written
     * atomically, so none is left half-written), the API stops accepting and answers the requests in flight, and
     * the history gets the last API minutes.
     */
    public void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        LOG.info("Stopping");
        cancelRequested.set(true);
        synchronized (scheduleLock) {
            if (pending != null) {
                pending.cancel(false);
            }
        }
        if (api != null) {
            api.stop();
        }
        shutdown(trainingThread);
        shutdown(housekeeping);
        if (history != null) {
            writeApiMinutes(clock.instant().plus(Duration.ofMinutes(2)));
            history.close();
        }
        LOG.info("Stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** Serves the newest readable model file; returns its tenants' models, none when there is nothing to serve. */
    private List<TenantModel> loadSavedModel(Path modelsDir) {
        try {
            Optional<Path> file = ModelFile.latest(modelsDir);
            if (file.isEmpty()) {
                LOG.info("No saved model in {}: training now", modelsDir);
                return List.of();
            }
            List<TenantModel> models = ModelFile.read(file.get());
            Instant now = clock.instant();
            List<ModelRegistry.Entry> entries = new ArrayList<>();
            for (TenantModel m : models) {
                entries.add(ModelRegistry.Entry.trained(m, now));
            }
            registry.replaceAll(entries);
            LOG.info("Serving {} tenant model(s) from {}", models.size(), file.get());
            return models;
        } catch (IOException e) {
            LOG.warn("Could not load a saved model ({}): training now", e.getMessage());
            return List.of();
        }
    }

    /**
     * Tenants the last cycle that reached them found with too little data have no model in the file; they keep
     * answering "not trained" after a restart rather than "no such tenant".
     */
    private List<ModelRegistry.Entry> untrainedTenantsOfLastCycle(List<TenantModel> models, Instant now) {
        List<ModelRegistry.Entry> entries = new ArrayList<>();
        for (CycleRow cycle : history.recentCycles(20)) {
            List<TenantResultRow> tenants = history.tenantResults(cycle.id());
            if (tenants.isEmpty()) {
                continue;
            }
            for (TenantResultRow t : tenants) {
                boolean served = models.stream().anyMatch(m -> m.tenant().equals(t.tenant()));
                if (!served && t.outcome().equals(TenantResult.Outcome.INSUFFICIENT.id())) {
                    entries.add(ModelRegistry.Entry.untrained(t.tenant(), t.message(), now));
                }
            }
            break;
        }
        return entries;
    }

    private void schedule(Instant due, String trigger) {
        synchronized (scheduleLock) {
            if (stopping) {
                return;
            }
            if (pending != null) {
                pending.cancel(false);
            }
            long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis());
            nextDue.set(due);
            pending = trainingThread.schedule(() -> runCycle(trigger), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void runCycle(String trigger) {
        if (stopping || !training.compareAndSet(false, true)) {
            return;
        }
        cancelRequested.set(false);
        nextDue.set(null);
        ServiceSettings s = settings.get();
        Instant started = clock.instant();
        CycleResult result;
        long id = -1;
        try {
            id = history.startCycle(started, trigger, exportSource().describe());
            long cycleId = id;
            listeners.forEach(l -> l.cycleStarted(cycleId, trigger));
            LOG.info("Training cycle {} ({}) started: {} on {} thread(s)", id, trigger, s.algorithm(), s.threads());
            TrainingCycle cycle = new TrainingCycle(exportSource(), exportTraining(s), registry, s.modelsDir(),
                    new Journal(id, s.algorithm()), cancelRequested::get, clock);
            TrainingCycle.Summary summary = cycle.run();
            result = new CycleResult(id, trigger, started, clock.instant(), summary.outcome(), summary.message(),
                    summary.tenants(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new CycleResult(id, trigger, started, clock.instant(), CycleResult.Outcome.CANCELLED,
                    "interrupted", List.of(), null);
        } catch (RuntimeException e) {
            LOG.error("Training cycle failed unexpectedly", e);
            result = new CycleResult(id, trigger, started, clock.instant(), CycleResult.Outcome.FAILED,
                    "unexpected error: " + e, List.of(), null);
        } finally {
            training.set(false);
        }
        finish(result, s);
    }

    private void finish(CycleResult result, ServiceSettings s) {
        Instant next = null;
        if (!stopping) {
            if (result.outcome() == CycleResult.Outcome.FAILED) {
                consecutiveFailures++;
                next = retryNext(result.finished());
                LOG.warn("Training cycle {} failed ({}); the current models keep serving; retrying at {}",
                        result.id(), result.message(), next);
            } else {
                consecutiveFailures = 0;
                next = regularNext(result.finished());
                LOG.info("Training cycle {} {}: {}; next at {}", result.id(), result.outcome().id(),
                        result.message(), next);
            }
        }
        CycleResult done = result.withNextDue(next);
        record(done, s);
        lastTraining.set(done.finished());
        if (next != null) {
            schedule(next, consecutiveFailures > 0 ? "retry" : "schedule");
        }
        listeners.forEach(l -> l.cycleFinished(done));
    }

    private void record(CycleResult r, ServiceSettings s) {
        try {
            if (r.id() >= 0) {
                history.finishCycle(r.id(), r.finished(), r.outcome().id(), r.message());
            }
            summaryLog.append(SummaryRows.of(r, s.algorithm()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not record training cycle {}: {}", r.id(), e.getMessage());
        }
    }

    private Instant regularNext(Instant from) {
        ServiceSettings s = settings.get();
        if (s.retrainAt() != null) {
            ZoneId zone = ZoneId.systemDefault();
            ZonedDateTime local = from.atZone(zone);
            ZonedDateTime at = local.with(s.retrainAt());
            if (!at.isAfter(local)) {
                at = at.plusDays(1);
            }
            return at.toInstant();
        }
        return from.plus(Duration.ofMinutes(s.retrainMinutes()));
    }

    private Instant retryNext(Instant from) {
        int minutes = RETRY_MINUTES[Math.min(consecutiveFailures, RETRY_MINUTES.length) - 1];
        Instant retry = from.plus(Duration.ofMinutes(minutes));
        Instant regular = regularNext(from);
        return retry.isBefore(regular) ? retry : regular;
    }

    private ExportSource exportSource() {
        ServiceSettings s = settings.get();
        if (s.exportDir() != null) {
            return new FolderExportSource(s.exportDir());
        }
        return TotaraExportSource.of(s, tuning.exportRetryDelays(), clock);
    }

    private ExportTraining exportTraining(ServiceSettings s) {
        Algorithm algorithm = Algorithm.parse(s.algorithm());
        TenantTrainer.Options options = TenantTrainer.Options.defaults().withThreads(s.threads());
        if (tuning.fixed() != null) {
            options = options.withFixed(tuning.fixed());
        }
        return new ExportTraining(new ExportReader(), new DatasetAssembler(), DatasetAssembler.Options.of(algorithm),
                new TenantTrainer(options, Clock.systemUTC()));
    }

    private void writeApiMinutes() {
        writeApiMinutes(clock.instant());
    }

    private void writeApiMinutes(Instant now) {
        try {
            var minutes = metrics.drainCompletedMinutes(now);
            if (!minutes.isEmpty()) {
                history.recordApiMinutes(minutes.stream().map(m -> new ApiMinuteRow(m.minute(), m.endpoint(),
                        m.requests(), m.errors(), m.coldStarts(), m.p50Millis(), m.p99Millis(), m.maxMillis()))
                        .toList());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not write API statistics to the history: {}", e.getMessage());
        }
    }

    private void pruneHistory() {
        try {
            history.prune(clock.instant().minus(HISTORY_RETENTION));
        } catch (RuntimeException e) {
            LOG.warn("Could not prune the history: {}", e.getMessage());
        }
    }

    private static void shutdown(ExecutorService executor) {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_TRAINING_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("A background task did not stop within {} s", STOP_TRAINING_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, "ml-" + name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Writes a cycle's events to the history and passes them to the listeners. */
    private final class Journal implements CycleJournal {
        private final long cycleId;
        private final String algorithm;

        Journal(long cycleId, String algorithm) {
            this.cycleId = cycleId;
            this.algorithm = algorithm;
        }

        @Override
        public void fetched(String file, int httpStatus, long bytes, long millis, String outcome) {
            safely(() -> history.recordFetch(cycleId, new FetchRow(clock.instant().minusMillis(millis), file,
                    httpStatus, bytes, millis, outcome)));
        }

        @Override
        public void phase(String tenant, String phase) {
            listeners.forEach(l -> l.phase(cycleId, tenant, phase));
        }

        @Override
        public void epoch(String tenant, int candidate, HyperParameters hp, EpochStats stats, Metrics heldOut,
                          double fraction) {
            safely(() -> history.recordEpoch(cycleId, EpochRow.of(tenant, candidate, hp, stats, heldOut)));
            listeners.forEach(l -> l.epoch(cycleId, tenant, candidate, hp, stats, heldOut, fraction));
        }

        @Override
        public void tenant(TenantResult result) {
            safely(() -> history.recordTenant(cycleId, SummaryRows.historyRow(result, algorithm)));
            listeners.forEach(l -> l.tenantFinished(cycleId, result));
        }

        private void safely(Runnable write) {
            try {
                write.run();
            } catch (RuntimeException e) {
                LOG.warn("Could not write to the history: {}", e.getMessage());
            }
        }
    }

    /** What the home page and the health check show. */
    private final class Status implements ServiceStatus {
        @Override
        public String version() {
            return Version.current();
        }

        @Override
        public Optional<String> totaraUrl() {
            return Optional.ofNullable(settings.get().totaraUrl()).map(Object::toString);
        }

        @Override
        public String exportSource() {
            return MlService.this.exportSource().describe();
        }

        @Override
        public Optional<TotaraStatus> checkTotara() {
            ServiceSettings s = settings.get();
            if (s.totaraUrl() == null || s.totaraKey() == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(new TotaraClient(s.totaraUrl(), s.totaraKey(), s.trustStore(),
                        s.trustStorePassword(), TOTARA_STATUS_TIMEOUT, clock).status());
            } catch (IOException e) {
                return Optional.of(new TotaraStatus(s.totaraUrl().toString(), null, 0,
                        "Unable to communicate with Totara: " + e.getMessage()));
            }
        }

        @Override
        public boolean logsFileExists() {
            return summaryLog.exists();
        }

        @Override
        public Optional<String> lastTrainingSummary() {
            return summaryLog.lastSummary();
        }

        @Override
        public Optional<Instant> lastTraining() {
            return Optional.ofNullable(lastTraining.get());
        }

        @Override
        public Optional<Instant> nextTraining() {
            return MlService.this.nextTraining();
        }

        @Override
        public boolean training() {
            return MlService.this.training();
        }
    }
}
