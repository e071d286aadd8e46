package io.mlservice.service;

import io.mlservice.api.ServiceStatus;
import io.mlservice.config.ServiceSettings;
import io.mlservice.history.TrainSummaryLog;
import io.mlservice.service.export.ExportSource;
import io.mlservice.totara.TotaraClient;
import io.mlservice.totara.TotaraStatus;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the home page and the health check show of the running service, read when they ask: the settings in
 * force, the schedule, the summary log, and Totara's own status asked anew on each check.
 */
final class LiveServiceStatus implements ServiceStatus {
    private static final Duration TOTARA_STATUS_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<ServiceSettings> settings;
    private final Supplier<ExportSource> exportSource;
    private final TrainingSchedule schedule;
    private final BooleanSupplier training;
    private final TrainSummaryLog summaryLog;
    private final Clock clock;

    LiveServiceStatus(Supplier<ServiceSettings> settings, Supplier<ExportSource> exportSource,
                      TrainingSchedule schedule, BooleanSupplier training, TrainSummaryLog summaryLog, Clock clock) {
        this.settings = settings;
        this.exportSource = exportSource;
        this.schedule = schedule;
        this.training = training;
        this.summaryLog = summaryLog;
        this.clock = clock;
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
        return exportSource.get().describe();
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
            return Optional.of(TotaraStatus.trustStoreUnusable(s.totaraUrl().toString(), e));
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
        return schedule.lastEnded();
    }

    @Override
    public Optional<Instant> nextTraining() {
        return schedule.nextDue();
    }

    @Override
    public boolean training() {
        return training.getAsBoolean();
    }
}
