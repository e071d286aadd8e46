package io.mlservice.service;

import io.mlservice.api.AddressUnusableException;
import io.mlservice.api.ApiMetrics;
import io.mlservice.api.ApiServer;
import io.mlservice.api.ServiceStatus;
import io.mlservice.config.ConfigException;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsLoader;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running service as one object: the API, the models it serves, the training schedule, the history and the
 * logs. The headless command and the console both drive it; neither adds logic of its own. It puts the parts
 * together and runs their lifecycle; the parts decide: {@link TrainingSchedule} when cycles run,
 * {@link TrainingLoop} running them on the training thread, {@link CycleRunner} how one runs and is recorded,
 * {@link SettingsChange} what a change of settings asks for, {@link ModelRestore} what serves at a start,
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
     * optional fixed training configuration instead of the search (tests, the benchmark), and an optional time
     * between checks for a new export in place of {@code ML_EXPORT_POLL_MINUTES} (tests: seconds, not minutes).
     *
     * @param fixed      null to search hyper-parameters each cycle
     * @param exportPoll null for the setting's minutes; used only while the setting is not 0 (off)
     */
    public record Tuning(List<Duration> exportRetryDelays, HyperParameters fixed, Duration exportPoll,
                         Duration sharedModelPoll) {
        /** How often a replica looks for a newer model file in the shared models folder. */
        public static final Duration SHARED_MODEL_POLL = Duration.ofSeconds(2);

        public Tuning {
            exportRetryDelays = List.copyOf(exportRetryDelays);
            sharedModelPoll = sharedModelPoll == null ? SHARED_MODEL_POLL : sharedModelPoll;
        }

        public Tuning(List<Duration> exportRetryDelays, HyperParameters fixed) {
            this(exportRetryDelays, fixed, null, SHARED_MODEL_POLL);
        }

        /** This tuning with checks for a new export every {@code poll}. */
        public Tuning withExportPoll(Duration poll) {
            return new Tuning(exportRetryDelays, fixed, poll, sharedModelPoll);
        }

        /** The same, with a replica looking for a newer model file this often (tests poll faster). */
        public Tuning withSharedModelPoll(Duration poll) {
            return new Tuning(exportRetryDelays, fixed, exportPoll, poll);
        }

        /** The downloader's waits while Totara exports (a failed cycle is then retried within minutes). */
        public static Tuning defaults() {
            return new Tuning(List.of(ExportDownloader.defaultBackoff()), null);
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
    private final TrainingSchedule schedule;
    private final TrainingLoop loop;
    private final TrainSummaryLog summaryLog;
    private final ServiceStatus status;
    private final TotaraStatusWatch totaraStatus;

    private History history;
    private CycleRunner cycles;
    private Housekeeping housekeeping;
    private ExportWatch exportWatch;
    private ServiceThread replicaThread;
    private final ServedFile served = new ServedFile();
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
        this.loop = new TrainingLoop(schedule, this.settings::get, listeners, clock);
        this.summaryLog = new TrainSummaryLog(settings.logsDir());
        this.totaraStatus = new TotaraStatusWatch(this.settings::get, clock);
        this.status = new LiveServiceStatus(this.settings::get, this::exportSource, schedule, loop::training,
                summaryLog, totaraStatus, this::lastExport, served::get);
        listeners.add(new ServiceListener() {
            @Override
            public void cycleFinished(CycleResult result) {
                served.noteNewest(new ModelFolder(MlService.this.settings.get().modelsDir(), clock),
                        exportSource().origin());
            }
        });
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
        SharedModelWatch replica = new SharedModelWatch(folder, registry, clock, served.reference());
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
            served.set(restored.served());
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
        loop.start(cycles);
        housekeeping.start();
        exportWatch = new ExportWatch(this::exportPoll, this::exportSource, cycles::lastExport, loop::idle,
                loop::trainNewExport, listeners, clock);
        exportWatch.start();
        LOG.info("Serving on {} ({}), exports from {}", api.baseUri(), s.bind(), exportSource().describe());
        boolean interrupted = history.interruptedAtOpen() > 0;
        Due first = schedule.atStart(restored.current(), interrupted);
        if (interrupted && first.trigger() == CycleTrigger.RETRY) {
            LOG.warn("The last training cycle was interrupted (the service ended during it); retrying it at {}",
                    first.at());
        }
        loop.plan(first);
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
        SettingsChange change = SettingsChange.between(before, next);
        ServiceSettings effective = change.effective();
        SettingsLoader.prepareDirectories(effective);
        if (change.rebind()) {
            rebind(before, effective);
        }
        settings.set(effective);
        schedule.change(Plan.of(effective), loop.training()).ifPresent(loop::plan);
        List<String> needRestart = change.needRestart();
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

    public ServiceStatus status() {
        return status;
    }

    public boolean training() {
        return loop.training();
    }

    public Optional<Instant> nextTraining() {
        return schedule.nextDue();
    }

    /**
     * Starts a cycle now unless one is running; the regular schedule continues after it.
     *
     * @return false when a cycle is already running
     */
    public boolean trainNow() {
        return !stopping && settings.get().trains() && loop.trainNow();
    }

    /** The time of the export the newest cycle obtained (Totara's {@code Last-Modified}, a folder's files'). */
    public Optional<Instant> lastExport() {
        return cycles == null ? Optional.empty() : cycles.lastExport();
    }

    /** Asks the running cycle to stop; tenants already swapped in keep their new models. */
    public void cancelTraining() {
        loop.cancel();
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
        loop.stopPlanning();
        if (api != null) {
            api.stop();
        }
        operatorMetrics.close();
        loop.awaitStop(STOP_TRAINING_WAIT);
        if (exportWatch != null) {
            exportWatch.stop(STOP_TRAINING_WAIT);
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

    /** Between checks for a new export; zero when they are off. */
    private Duration exportPoll() {
        int minutes = settings.get().exportPollMinutes();
        if (minutes == 0) {
            return Duration.ZERO;
        }
        return tuning.exportPoll() != null ? tuning.exportPoll() : Duration.ofMinutes(minutes);
    }

    /** Where the next cycle's export comes from, by the settings in force now. */
    private ExportSource exportSource() {
        return ExportSource.from(settings.get(), tuning.exportRetryDelays(), clock);
    }
}
