package io.mlservice.service;

import io.mlservice.metrics.TrainingMeters;

import java.time.Duration;

/** Passes the cycles' ends and export fetches to the operator's metrics. */
final class TrainingMetricsFeed implements ServiceListener {
    private final TrainingMeters meters;

    TrainingMetricsFeed(TrainingMeters meters) {
        this.meters = meters;
    }

    @Override
    public void exportFetched(long cycleId, String file, int httpStatus, long bytes, long millis) {
        meters.exportFetched(httpStatus, bytes, millis);
    }

    @Override
    public void cycleFinished(CycleResult result) {
        meters.cycleFinished(result.outcome(), Duration.between(result.started(), result.finished()));
    }
}
