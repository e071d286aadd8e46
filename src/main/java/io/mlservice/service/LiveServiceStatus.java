package io.mlservice.service;

import io.mlservice.api.ServedModel;
import io.mlservice.api.ServiceStatus;
import io.mlservice.config.Role;
import io.mlservice.config.ServiceSettings;
import io.mlservice.history.TrainSummaryLog;
import io.mlservice.service.export.ExportSource;
import io.mlservice.totara.TotaraStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the home page and the health check show of the running service, read when they ask: the settings in
 * force, the schedule, the summary log, and Totara's own status through the shared {@link TotaraStatusWatch}.
 */
final class LiveServiceStatus implements ServiceStatus {
    /**
     * The console waits for the query's own timeout; a health check half a second, so that the health checks
     * queued behind the API's limit still answer within about a second when Totara hangs.
     */
    private static final Duration CHECK_WAIT = TotaraStatusWatch.TIMEOUT.plusSeconds(1);
    private static final Duration HEALTH_CHECK_WAIT = Duration.ofMillis(500);
    /** A replica's export source: it has none of its own. */
    static final String NO_EXPORT = "none: a replica serves the trainer's model files";

    private final Supplier<ServiceSettings> settings;
    private final Supplier<ExportSource> exportSource;
    private final TrainingSchedule schedule;
    private final BooleanSupplier training;
    private final TrainSummaryLog summaryLog;
    private final TotaraStatusWatch totara;
    private final Supplier<Optional<Instant>> lastExport;
    private final Supplier<Optional<ServedModel>> served;

    LiveServiceStatus(Supplier<ServiceSettings> settings, Supplier<ExportSource> exportSource,
                      TrainingSchedule schedule, BooleanSupplier training, TrainSummaryLog summaryLog,
                      TotaraStatusWatch totara, Supplier<Optional<Instant>> lastExport,
                      Supplier<Optional<ServedModel>> served) {
        this.served = served;
        this.settings = settings;
        this.exportSource = exportSource;
        this.schedule = schedule;
        this.training = training;
        this.summaryLog = summaryLog;
        this.totara = totara;
        this.lastExport = lastExport;
    }

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
        if (!settings.get().trains()) {
            return NO_EXPORT;
        }
        return exportSource.get().describe();
    }

    @Override
    public Optional<TotaraStatus> checkTotara() {
        return totara.freshStatus(CHECK_WAIT);
    }

    @Override
    public Optional<TotaraStatus> recentTotaraStatus() {
        return totara.status(HEALTH_CHECK_WAIT);
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
        return schedule.lastEnded();
    }

    @Override
    public Optional<Instant> lastExport() {
        return lastExport.get();
    }

    @Override
    public Optional<Instant> nextTraining() {
        return schedule.nextDue();
    }

    @Override
    public boolean training() {
        return training.getAsBoolean();
    }

    @Override
    public Role role() {
        return settings.get().role();
    }

    @Override
    public Optional<ServedModel> servedModel() {
        return served.get();
    }
}
