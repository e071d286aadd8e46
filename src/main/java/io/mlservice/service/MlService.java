package io.mlservice.service;

import io.mlservice.api.AddressUnusableException;
import io.mlservice.api.ApiMetrics;
import io.mlservice.api.ApiServer;
import io.mlservice.api.ServedModel;
import io.mlservice.api.ServiceStatus;
import io.mlservice.config.ConfigException;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsLoader;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.CycleTrigger;
import io.mlservice.history.History;
import io.mlservice.history.TrainSummaryLog;
import io.mlservice.logging.ServiceLogging;
import io.mlservice.metrics.OperatorMetrics;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.ModelFolder;
import io.mlservice.service.TrainingSchedule.Due;
import io.mlservice.service.TrainingSchedule.Plan;
import io.mlservice.service.export.ExportSource;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.totara.ExportDownloader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running service as one object: the API, the models it serves, the training schedule, the history and the
 * logs. The headless command and the console both drive it; neither adds logic of its own. It puts the parts
 * together and runs their lifecycle; the parts decide: {@link TrainingSchedule} when cycles run,
 * {@link CycleRunner} how one runs and is recorded, {@link ModelRestore} what serves at a start,
 * {@link Housekeeping} the upkeep, {@link LiveServiceStatus} what the home page shows. A replica
 * ({@code ML_ROLE=serve}) runs only the API, the housekeeping and a {@link SharedModelWatch}.
 *
 * <p>Threads: Jetty's pool answers requests from the {@link ModelRegistry}'s current snapshot; one training
 * thread runs cycles one at a time; one housekeeping thread writes API minutes to the history. No request path
 * takes a lock that training holds.
 */
public final class MlService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MlService.class);

    private static final Duration STOP_TRAINING_WAIT = Duration.ofSeconds(30);

    /**
     * What the settings do not cover: the waits between tries while Totara is still exporting (HTTP 202), an
     * optional fixed training configuration instead of the search (tests, the benchmark), and how often a replica
     * looks for a newer model file.
     *
     * @param fixed null to search hyper-parameters each cycle
     */
    public record Tuning(List<Duration> exportRetryDelays, HyperParameters fixed, Duration sharedModelPoll) {
        /** How often a replica looks for a newer model file in the shared models folder. */
        public static final Duration SHARED_MODEL_POLL = Duration.ofSeconds(2);

        public Tuning {
            exportRetryDelays = List.copyOf(exportRetryDelays);
            Objects.requireNonNull(sharedModelPoll, "sharedModelPoll");
        }

        public Tuning(List<Duration> exportRetryDelays, HyperParameters fixed) {
            this(exportRetryDelays, fixed, SHARED_MODEL_POLL);
        }

        /** The downloader's waits while Totara exports (a failed cycle is then retried within minutes). */
        public static Tuning defaults() {
            return new Tuning(List.of(ExportDownloader.defaultBackoff()), null);
        }

        /** The same, with a replica looking for a newer model file this often (tests poll faster). */
        public Tuning withSharedModelPoll(Duration poll) {
            return new Tuning(exportRetryDelays, fixed, poll);
        }
    }

    /**
     * What {@link #apply} did: the settings in force, and the names of the changed settings that take effect only
     * after a restart (the folders and the history file, which open files depend on, and the metrics listener).
     */
    public record Applied(ServiceSettings settings, List<String> needRestart) {
        public Applied {
            needRestart = List.copyOf(needRestart);
        }
    }

    private final AtomicReference<ServiceSettings> settings;
    private final Clock clock;
    private final Tuning tuning;
    private final ModelRegistry registry = new ModelRegistry();
    private final ApiMetrics metrics;
    private final OperatorMetrics operatorMetrics;
    private final ServiceListeners listeners = new ServiceListeners();
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final AtomicBoolean training = new AtomicBoolean();
    private final TrainingSchedule schedule;
    private final TrainSummaryLog summaryLog;
    private final ServiceStatus status;
    private final TotaraStatusWatch totaraStatus;
    private final Object timerLock = new Object();
    private final AtomicReference<ServedModel> servedModel = new AtomicReference<>();

    private ServiceThread trainingThread;
    private ServiceThread replicaThread;
    private ScheduledFuture<?> pending;
    private History history;
    private CycleRunner cycles;
    private Housekeeping housekeeping;
    private volatile ApiServer api;
    private volatile boolean stopping;

    public MlService(ServiceSettings settings, Clock clock) {
        this(settings, clock, Tuning.defaults());
    }

    public MlService(ServiceSettings settings, Clock clock, Tuning tuning) {
        this.settings = new AtomicReference<>(settings);
        this.clock = clock;
        this.tuning = tuning;
        this.operatorMetrics = OperatorMetrics.of(settings.metricsBind(), registry, clock);
        this.metrics = new ApiMetrics(clock, operatorMetrics.requests());
        listeners.add(new TrainingMetricsFeed(operatorMetrics.training()));
        this.schedule = new TrainingSchedule(Plan.of(settings), clock, ZoneId.systemDefault());
        this.summaryLog = new TrainSummaryLog(settings.logsDir());
        this.totaraStatus = new TotaraStatusWatch(this.settings::get, clock);
        this.status = new LiveServiceStatus(this.settings::get, this::exportSource, schedule, training::get,
                summaryLog, totaraStatus, servedModel::get);
    }

    public void addListener(ServiceListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ServiceListener listener) {
        listeners.remove(listener);
    }

    /**
     * Starts serving: checks the settings and folders, starts the API, loads the newest saved model of the configured
     * source (serving it at once), opens the history and schedules training: at once when there is no such model,
     * within minutes when the last run ended during a cycle, else one interval later.
     *
     * @throws ConfigException for settings an administrator must fix (missing key, unwritable folder, an address
     *                         the API cannot listen on: the port in use, not this machine's)
     * @throws IOException     when a file cannot be opened
     */
    public void start() throws ConfigException, IOException {
        ServiceSettings s = settings.get();
        SettingsLoader.requireServiceReady(s);
        SettingsLoader.prepareDirectories(s);
        ServiceLogging.logToFolder(s.logsDir());
        LOG.info("Starting ML Service {}", Version.current());
        // Serving comes first: the API and the saved model, then the history (opening SQLite costs a native
        // library load) and what it restores.
        ModelFolder folder = new ModelFolder(s.modelsDir(), clock);
        SharedModelWatch replica = new SharedModelWatch(folder, registry, clock, servedModel);
        if (!s.trains()) {
            // A replica listens only once it serves: a load balancer's first request finds the model loaded.
            replica.poll();
        }
        try {
            api = startedApi();
        } catch (AddressUnusableException e) {
            throw new ConfigException(Setting.BIND.variable(), Setting.BIND.variable() + ": " + e.getMessage());
        }
        try {
            operatorMetrics.start();
        } catch (IOException e) {
            api.stop();
            throw new ConfigException(Setting.METRICS_BIND.variable(), Setting.METRICS_BIND.variable() + ": "
                    + e.getMessage());
        }
        ModelRestore restore = new ModelRestore(registry, clock);
        ModelRestore.Restored restored = ModelRestore.Restored.nothing();
        if (s.trains()) {
            restored = restore.loadSavedModel(folder, exportSource().origin());
            servedModel.set(restored.served());
        }
        try {
            history = History.open(s.historyFile());
        } catch (IOException | RuntimeException e) {
            api.stop();
            throw e;
        }
        housekeeping = new Housekeeping(metrics, history, clock);
        if (!s.trains()) {
            startReplica(replica, s);
            return;
        }
        history.lastFinishedCycle().ifPresent(c -> schedule.cycleEnded(c.finished()));
        restore.restoreUntrainedTenants(history, restored.models());
        cycles = new CycleRunner(history, summaryLog, registry, listeners, tuning, clock);
        trainingThread = new ServiceThread("training");
        housekeeping.start();
        LOG.info("Serving on {} ({}), exports from {}", api.baseUri(), s.bind(), exportSource().describe());
        boolean interrupted = history.interruptedAtOpen() > 0;
        Due first = schedule.atStart(restored.current(), interrupted);
        if (interrupted && first.trigger() == CycleTrigger.RETRY) {
            LOG.warn("The last training cycle was interrupted (the service ended during it); retrying it at {}",
                    first.at());
        }
        plan(first);
    }

    /**
     * A replica trains nothing: no training thread, no export, no {@code train_summary.log}; it looks for a newer
     * model file every {@link Tuning#sharedModelPoll()}.
     */
    private void startReplica(SharedModelWatch replica, ServiceSettings s) {
        replicaThread = new ServiceThread("shared-models");
        replicaThread.every(tuning.sharedModelPoll(), tuning.sharedModelPoll(), replica::poll);
        housekeeping.start();
        LOG.info("Serving on {} ({}) as a replica: the newest model file of {}, checked every {} ms", api.baseUri(),
                s.bind(), s.modelsDir(), tuning.sharedModelPoll().toMillis());
    }

    /** The API's actual port (useful when the settings ask for port 0). */
    public int port() {
        return api.port();
    }

    public URI baseUri() {
        return api.baseUri();
    }

    public ModelRegistry registry() {
        return registry;
    }

    public ApiMetrics metrics() {
        return metrics;
    }

    /** Where Prometheus scrapes this service's metrics; empty when {@code ML_METRICS_BIND} is not set. */
    public Optional<URI> metricsUri() {
        return operatorMetrics.uri();
    }

    public History history() {
        return history;
    }

    public ServiceSettings settings() {
        return settings.get();
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
        if (!Objects.equals(before.metricsBind(), next.metricsBind())) {
            needRestart.add(Setting.METRICS_BIND.variable());
        }
        if (before.role() != next.role()) {
            needRestart.add(Setting.ROLE.variable());
        }
        ServiceSettings effective = next.withChanges(before.textsOf(Setting.MODELS_DIR, Setting.LOGS_DIR,
                Setting.HISTORY_DB, Setting.METRICS_BIND, Setting.ROLE));
        SettingsLoader.prepareDirectories(effective);
        if (!effective.bind().equals(before.bind()) || !effective.tls().equals(before.tls())) {
            rebind(before, effective);
        }
        settings.set(effective);
        schedule.change(Plan.of(effective), training.get()).ifPresent(this::plan);
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
        ApiServer server = new ApiServer(settings::get, registry, status, metrics, clock);
        server.start();
        return server;
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    public ServiceStatus status() {
        return status;
    }

    public boolean training() {
        return training.get();
    }

    public Optional<Instant> nextTraining() {
        return schedule.nextDue();
    }

    /**
     * Starts a cycle now unless one is running; the regular schedule continues after it.
     *
     * @return false when a cycle is already running, or when this instance is a replica, which never trains
     */
    public boolean trainNow() {
        if (training.get() || stopping || trainingThread == null) {
            return false;
        }
        plan(schedule.now());
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
        synchronized (timerLock) {
            if (pending != null) {
                pending.cancel(false);
            }
        }
        if (api != null) {
            api.stop();
        }
        operatorMetrics.close();
        if (trainingThread != null) {
            trainingThread.stop(STOP_TRAINING_WAIT);
        }
        if (replicaThread != null) {
            replicaThread.stop(STOP_TRAINING_WAIT);
        }
        if (housekeeping != null) {
            housekeeping.stop(STOP_TRAINING_WAIT);
        }
        if (history != null) {
            history.close();
        }
        totaraStatus.close();
        LOG.info("Stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** Sets the training thread's timer for this cycle, in place of any cycle planned before. */
    private void plan(Due due) {
        synchronized (timerLock) {
            if (stopping || trainingThread == null) {
                return;
            }
            if (pending != null) {
                pending.cancel(false);
            }
            schedule.planned(due);
            pending = trainingThread.after(Duration.between(clock.instant(), due.at()),
                    () -> runCycle(due));
        }
    }

    /**
     * Runs the due cycle and plans the next. Nothing that goes wrong here may end the schedule: whatever escapes
     * the cycle and its recording is logged and a retry is planned along the ladder.
     */
    private void runCycle(Due due) {
        if (stopping || !training.compareAndSet(false, true)) {
            return;
        }
        try {
            cancelRequested.set(false);
            schedule.cycleStarted();
            ServiceSettings s = settings.get();
            CycleResult result;
            try {
                result = cycles.run(due.trigger(), s, cancelRequested::get);
            } finally {
                training.set(false);
            }
            finish(stopping ? result.stoppedWithTheService() : result, s);
        } catch (Throwable e) {
            training.set(false);
            LOG.error("The training schedule met an unexpected error ({}); planning a retry", e, e);
            if (!stopping) {
                plan(schedule.afterCycle(clock.instant(), true));
            }
        }
    }

    /** Records the cycle with its successor, plans that, and only then tells the listeners. */
    private void finish(CycleResult result, ServiceSettings s) {
        Due next = stopping ? null : schedule.afterCycle(result.finished(), result.outcome() == CycleOutcome.FAILED);
        CycleResult done = result.withNextDue(next == null ? null : next.at());
        cycles.record(done, s.algorithm());
        noteNewestSavedFile(s);
        schedule.cycleEnded(done.finished());
        if (next != null) {
            plan(next);
        }
        try {
            listeners.cycleFinished(done);
        } catch (RuntimeException | Error e) {
            LOG.error("A listener failed on the end of training cycle {}", done.id(), e);
        }
    }

    /** What the status shows as served after a cycle: the newest file of the configured source, if newer. */
    private void noteNewestSavedFile(ServiceSettings s) {
        try {
            String source = exportSource().origin();
            new ModelFolder(s.modelsDir(), clock).readableLeftInPlace().stream()
                    .filter(saved -> saved.stamp().source().equals(source)).findFirst()
                    .filter(saved -> servedModel.get() == null
                            || saved.stamp().trainedAt().isAfter(servedModel.get().trainedAt()))
                    .ifPresent(saved -> servedModel.set(new ServedModel(saved.file().getFileName().toString(),
                            saved.stamp().trainedAt(), saved.stamp().trainedAt())));
        } catch (IOException e) {
            LOG.warn("Could not list the model files in {}: {}", s.modelsDir(), e.getMessage());
        }
    }

    /** Where the next cycle's export comes from, by the settings in force now. */
    private ExportSource exportSource() {
        return ExportSource.from(settings.get(), tuning.exportRetryDelays(), clock);
    }
}
