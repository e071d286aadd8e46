package io.mlservice.service;

import io.mlservice.api.ApiMetrics;
import io.mlservice.api.MinuteStats;
import io.mlservice.history.ApiMinuteRow;
import io.mlservice.history.History;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The service's upkeep on a thread of its own: every finished minute of API traffic into the history, and once a
 * day the history's old detail pruned. A failed write is logged and tried again at the next turn.
 */
final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    private static final Duration HISTORY_RETENTION = Duration.ofDays(90);
    private static final Duration MINUTES_EVERY = Duration.ofSeconds(60);
    private static final Duration PRUNE_FIRST = Duration.ofMinutes(1);
    private static final Duration PRUNE_EVERY = Duration.ofDays(1);
    /** When stopping, the minute still running is written too: its counts are final. */
    private static final Duration LAST_MINUTES_AHEAD = Duration.ofMinutes(2);

    private final ApiMetrics metrics;
    private final History history;
    private final Clock clock;
    private ServiceThread thread;

    Housekeeping(ApiMetrics metrics, History history, Clock clock) {
        this.metrics = metrics;
        this.history = history;
        this.clock = clock;
    }

    void start() {
        thread = new ServiceThread("housekeeping");
        thread.every(MINUTES_EVERY, MINUTES_EVERY, () -> writeApiMinutes(clock.instant()));
        thread.every(PRUNE_FIRST, PRUNE_EVERY, this::pruneHistory);
    }

    /** Stops the thread, then writes the API minutes not written yet, the current one included. */
    void stop(Duration wait) {
        if (thread != null) {
            thread.stop(wait);
        }
        writeApiMinutes(clock.instant().plus(LAST_MINUTES_AHEAD));
    }

    private void writeApiMinutes(Instant now) {
        try {
            List<MinuteStats> minutes = metrics.drainCompletedMinutes(now);
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
}
