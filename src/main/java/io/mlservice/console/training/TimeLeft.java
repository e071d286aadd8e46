package io.mlservice.console.training;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Estimates the time left of a training from how long the progress since a starting point took: the rest is
 * assumed to go at the same pace. No estimate until there is enough progress to judge by.
 */
record TimeLeft(Instant since, double fractionSince) {

    /** Least progress and time to judge the pace by. */
    static final double MIN_PROGRESS = 0.02;
    static final Duration MIN_ELAPSED = Duration.ofMillis(500);

    /** The time left at {@code now}, when {@code fraction} of the work is done. */
    Optional<Duration> at(Instant now, double fraction) {
        double done = fraction - fractionSince;
        Duration elapsed = Duration.between(since, now);
        if (fraction >= 1) {
            return Optional.of(Duration.ZERO);
        }
        if (done < MIN_PROGRESS || elapsed.compareTo(MIN_ELAPSED) < 0) {
            return Optional.empty();
        }
        double perFraction = elapsed.toNanos() / done;
        return Optional.of(Duration.ofNanos((long) (perFraction * (1 - fraction))));
    }
}
