package io.mlservice.api;

import io.mlservice.config.Role;
import io.mlservice.totara.TotaraStatus;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** A {@link ServiceStatus} with set answers; {@code checkTotara} and {@code recentTotaraStatus} run the given supplier, which may block or throw. */
final class FixedServiceStatus implements ServiceStatus {
    private final Supplier<Optional<TotaraStatus>> totara;
    private final boolean logsFileExists;
    private final String exportSource;

    FixedServiceStatus(Supplier<Optional<TotaraStatus>> totara, boolean logsFileExists, String exportSource) {
        this.totara = totara;
        this.logsFileExists = logsFileExists;
        this.exportSource = exportSource;
    }

    /** Trains from a folder: no Totara to ask, the log file exists. */
    static FixedServiceStatus folder() {
        return new FixedServiceStatus(Optional::empty, true, "/srv/export");
    }

    /** Pulls from Totara, which answers with this status. */
    static FixedServiceStatus totara(TotaraStatus status) {
        return new FixedServiceStatus(() -> Optional.of(status), true, status.url());
    }

    @Override
    public String version() {
        return "1.2.3-test";
    }

    @Override
    public Optional<String> totaraUrl() {
        return totara.get().map(TotaraStatus::url);
    }

    @Override
    public String exportSource() {
        return exportSource;
    }

    @Override
    public Optional<TotaraStatus> checkTotara() {
        return totara.get();
    }

    @Override
    public Optional<TotaraStatus> recentTotaraStatus() {
        return totara.get();
    }

    @Override
    public boolean logsFileExists() {
        return logsFileExists;
    }

    @Override
    public Optional<String> lastTrainingSummary() {
        return Optional.of("2024-05-01 02:00:00,hybrid,0,trained,15,64,0.91");
    }

    @Override
    public Optional<Instant> lastTraining() {
        return Optional.of(Instant.parse("2024-05-01T02:00:00Z"));
    }

    @Override
    public Optional<Instant> nextTraining() {
        return Optional.of(Instant.parse("2024-05-02T02:00:00Z"));
    }

    @Override
    public boolean training() {
        return false;
    }

    @Override
    public Role role() {
        return Role.TRAIN;
    }

    @Override
    public Optional<ServedModel> servedModel() {
        return Optional.empty();
    }
}
