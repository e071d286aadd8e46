package io.mlservice.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mlservice.history.CycleOutcome;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Training as Prometheus series: cycles by outcome ({@value #CYCLES}) and how long they took
 * ({@value #CYCLE_DURATION}), every request for an export file by HTTP status ({@value #FETCH_DURATION}) and the
 * size of each file downloaded ({@value #FETCH_SIZE}). The cycle series exist from the start, at zero.
 */
public final class TrainingMeters {
    static final String CYCLES = "mlservice.training.cycles";
    static final String CYCLE_DURATION = "mlservice.training.cycle.duration";
    static final String FETCH_DURATION = "mlservice.export.fetch.duration";
    static final String FETCH_SIZE = "mlservice.export.fetch.size";
    /** A request that got no answer at all (refused connection, time-out): its {@code status} label. */
    static final String NO_ANSWER = "none";
    /** Cycles take from seconds (a small site) to hours (a large one with the search). */
    private static final Duration[] CYCLE_BUCKETS = {
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1),
        Duration.ofHours(2), Duration.ofHours(4)};
    private static final Duration[] FETCH_BUCKETS = {
        Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15)};

    private final MeterRegistry meters;
    private final Map<CycleOutcome, Counter> cycles = new EnumMap<>(CycleOutcome.class);
    private final Map<CycleOutcome, Timer> durations = new EnumMap<>(CycleOutcome.class);
    private final DistributionSummary fetchSize;

    TrainingMeters(MeterRegistry meters) {
        this.meters = meters;
        for (CycleOutcome outcome : CycleOutcome.values()) {
            if (outcome == CycleOutcome.RUNNING) {
                continue;
            }
            cycles.put(outcome, Counter.builder(CYCLES).description("Training cycles that ended, by outcome")
                    .tag("outcome", outcome.id()).register(meters));
            durations.put(outcome, Timer.builder(CYCLE_DURATION)
                    .description("How long training cycles took, from start to the last tenant swapped in")
                    .tag("outcome", outcome.id()).serviceLevelObjectives(CYCLE_BUCKETS).register(meters));
        }
        fetchSize = DistributionSummary.builder(FETCH_SIZE).baseUnit("bytes")
                .description("Export files downloaded from Totara (HTTP 200), by size").register(meters);
    }

    /** A cycle ended ({@code ok}, {@code partial}, {@code failed} or {@code cancelled}) after {@code took}. */
    public void cycleFinished(CycleOutcome outcome, Duration took) {
        Counter counter = cycles.get(outcome);
        if (counter != null) {
            counter.increment();
            durations.get(outcome).record(took);
        }
    }

    /**
     * One request for an export file ended.
     *
     * @param httpStatus Totara's answer, 0 when there was none
     * @param bytes      the file's size when downloaded (status 200)
     */
    public void exportFetched(int httpStatus, long bytes, long millis) {
        Timer.builder(FETCH_DURATION)
                .description("Requests for export files to Totara, by HTTP status, until the body ended")
                .tag("status", httpStatus > 0 ? Integer.toString(httpStatus) : NO_ANSWER)
                .serviceLevelObjectives(FETCH_BUCKETS)
                .register(meters)
                .record(millis, TimeUnit.MILLISECONDS);
        if (httpStatus == 200) {
            fetchSize.record(bytes);
        }
    }
}
