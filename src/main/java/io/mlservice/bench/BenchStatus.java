package io.mlservice.bench;

import io.mlservice.api.ServedModel;
import io.mlservice.config.Role;
import io.mlservice.api.ServiceStatus;
import io.mlservice.totara.TotaraStatus;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** What the status page would show; nothing here asks Totara. */
record BenchStatus(Path folder) implements ServiceStatus {
    @Override
    public String version() {
        return "bench";
    }

    @Override
    public Optional<String> totaraUrl() {
        return Optional.empty();
    }

    @Override
    public String exportSource() {
        return folder.toString();
    }

    @Override
    public Optional<TotaraStatus> checkTotara() {
        return Optional.empty();
    }

    @Override
    public Optional<TotaraStatus> recentTotaraStatus() {
        return Optional.empty();
    }

    @Override
    public boolean logsFileExists() {
        return false;
    }

    @Override
    public Optional<String> lastTrainingSummary() {
        return Optional.empty();
    }

    @Override
    public Optional<Instant> lastTraining() {
        return Optional.empty();
    }

    @Override
    public Optional<Instant> nextTraining() {
        return Optional.empty();
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
