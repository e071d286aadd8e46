package io.mlservice.service;

import io.mlservice.config.ServiceSettings;
import io.mlservice.history.CycleTrigger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * When the next training cycle is due: every {@code ML_RECOMMENDATION_RETRAIN_FREQ} minutes, or daily at
 * {@code ML_RETRAIN_AT} local time; after failed cycles sooner, along {@link #RETRY_DELAYS}, but never later than
 * the regular time. It only decides: the service's training thread runs the cycles it names. Safe to call from any
 * thread.
 */
final class TrainingSchedule {
    /** Waits after the first, second, ... failed cycle in a row; the last one repeats. */
    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofMinutes(2), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofMinutes(60));

    /**
     * The schedule's settings.
     *
     * @param intervalMinutes {@code ML_RECOMMENDATION_RETRAIN_FREQ}
     * @param dailyAt         {@code ML_RETRAIN_AT}, or null for the interval
     */
    record Plan(int intervalMinutes, LocalTime dailyAt) {
        static Plan of(ServiceSettings settings) {
            return new Plan(settings.retrainMinutes(), settings.retrainAt());
        }
    }

    /** A cycle to run at a time, and why it runs. */
    record Due(Instant at, CycleTrigger trigger) {
    }

    private final Clock clock;
    private final ZoneId zone;
    private Plan plan;
    private int consecutiveFailures;
    private Instant lastEnded;
    private Due planned;

    /** @param zone where {@link Plan#dailyAt()} is read (the service uses the system's zone) */
    TrainingSchedule(Plan plan, Clock clock, ZoneId zone) {
        this.plan = plan;
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * The first cycle after a start: at once when no saved model of the configured source serves; the first retry
     * step later when the service was stopped in the middle of a cycle (a crash: that cycle is retried within
     * minutes, and a further failure climbs the ladder from there); else one regular period later.
     *
     * @param serving     a saved model of the configured source serves
     * @param interrupted the history found a cycle left running by the last run of the service
     */
    synchronized Due atStart(boolean serving, boolean interrupted) {
        Instant now = clock.instant();
        if (!serving) {
            return new Due(now, CycleTrigger.STARTUP);
        }
        if (interrupted) {
            consecutiveFailures = 1;
            return new Due(now.plus(RETRY_DELAYS.get(0)), CycleTrigger.RETRY);
        }
        return new Due(regularNext(now), CycleTrigger.SCHEDULE);
    }

    /** A cycle an administrator asked for, now. */
    synchronized Due now() {
        return new Due(clock.instant(), CycleTrigger.MANUAL);
    }

    /** A cycle for an export newer than the last cycle's, now. */
    synchronized Due exportChanged() {
        return new Due(clock.instant(), CycleTrigger.EXPORT);
    }

    /**
     * The cycle after one that ended at {@code ended}: a failed one is retried along the ladder (capped at the
     * regular time); any other outcome resets the ladder and waits one regular period.
     */
    synchronized Due afterCycle(Instant ended, boolean failed) {
        if (!failed) {
            consecutiveFailures = 0;
            return new Due(regularNext(ended), CycleTrigger.SCHEDULE);
        }
        consecutiveFailures++;
        Duration wait = RETRY_DELAYS.get(Math.min(consecutiveFailures, RETRY_DELAYS.size()) - 1);
        Instant retry = ended.plus(wait);
        Instant regular = regularNext(ended);
        return new Due(retry.isBefore(regular) ? retry : regular, CycleTrigger.RETRY);
    }

    /**
     * Takes new schedule settings. When they differ and the regular schedule is waiting (no cycle running, no
     * retry pending, a cycle planned), returns the cycle to plan instead: one new period after the last cycle
     * ended (or from now when none has), at once if that time has passed.
     *
     * @param cycleRunning a running cycle plans its successor itself when it ends, with the new settings
     */
    synchronized Optional<Due> change(Plan next, boolean cycleRunning) {
        boolean changed = !next.equals(plan);
        plan = next;
        if (!changed || cycleRunning || planned == null || consecutiveFailures > 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant due = regularNext(lastEnded != null ? lastEnded : now);
        return Optional.of(new Due(due.isBefore(now) ? now : due, CycleTrigger.SCHEDULE));
    }

    /** One regular period after {@code from}: the next daily time strictly after it, or the interval. */
    synchronized Instant regularNext(Instant from) {
        if (plan.dailyAt() != null) {
            ZonedDateTime local = from.atZone(zone);
            ZonedDateTime at = local.with(plan.dailyAt());
            if (!at.isAfter(local)) {
                at = at.plusDays(1);
            }
            return at.toInstant();
        }
        return from.plus(Duration.ofMinutes(plan.intervalMinutes()));
    }

    /** The service's timer now waits for this cycle. */
    synchronized void planned(Due due) {
        planned = due;
    }

    /** A cycle began: nothing is planned until it ends. */
    synchronized void cycleStarted() {
        planned = null;
    }

    /** A cycle ended (or, at a start, the history's last one did). */
    synchronized void cycleEnded(Instant ended) {
        lastEnded = ended;
    }

    /** When the planned cycle is due; empty while a cycle runs or after stopping with none planned. */
    synchronized Optional<Instant> nextDue() {
        return Optional.ofNullable(planned).map(Due::at);
    }

    /** When the last cycle ended, as far as this run of the service knows. */
    synchronized Optional<Instant> lastEnded() {
        return Optional.ofNullable(lastEnded);
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }
}
