package io.mlservice.service;

import io.mlservice.api.SettableClock;
import io.mlservice.history.CycleTrigger;
import io.mlservice.service.TrainingSchedule.Due;
import io.mlservice.service.TrainingSchedule.Plan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** The schedule's decisions, on a clock the test moves: no threads, no waiting. */
class TrainingScheduleTest {
    /** Not UTC, so that a daily time read in the wrong zone shows. */
    private static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");
    private static final Plan DAILY_INTERVAL = new Plan(1440, null);

    private final SettableClock clock = new SettableClock(local(2024, 3, 5, 10, 0));

    private TrainingSchedule schedule(Plan plan) {
        return new TrainingSchedule(plan, clock, ZONE);
    }

    private static Instant local(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).atZone(ZONE).toInstant();
    }

    @Test
    void theIntervalCountsFromTheEndOfTheLastCycle() {
        TrainingSchedule schedule = schedule(new Plan(90, null));
        Instant ended = clock.instant().plus(Duration.ofMinutes(7));

        assertThat(schedule.afterCycle(ended, false))
                .isEqualTo(new Due(ended.plus(Duration.ofMinutes(90)), CycleTrigger.SCHEDULE));
    }

    @Test
    void aStartTrainsAtOnceWithoutAModelAndOnePeriodLaterWithOne() {
        TrainingSchedule schedule = schedule(new Plan(90, null));

        assertThat(schedule.atStart(false, false)).isEqualTo(new Due(clock.instant(), CycleTrigger.STARTUP));
        assertThat(schedule.atStart(true, false))
                .isEqualTo(new Due(clock.instant().plus(Duration.ofMinutes(90)), CycleTrigger.SCHEDULE));
        assertThat(schedule.now()).isEqualTo(new Due(clock.instant(), CycleTrigger.MANUAL));
    }

    @Test
    void aNewExportIsTrainedNowAndTheIntervalGoesOnFromThatCycle() {
        TrainingSchedule schedule = schedule(new Plan(90, null));

        assertThat(schedule.exportChanged()).isEqualTo(new Due(clock.instant(), CycleTrigger.EXPORT));
        Instant ended = clock.instant().plus(Duration.ofMinutes(4));
        assertThat(schedule.afterCycle(ended, false))
                .isEqualTo(new Due(ended.plus(Duration.ofMinutes(90)), CycleTrigger.SCHEDULE));
    }

    @Test
    void aCycleACrashInterruptedIsRetriedAfterTheFirstStepThenClimbsTheLadder() {
        TrainingSchedule schedule = schedule(DAILY_INTERVAL);

        assertThat(schedule.atStart(true, true))
                .isEqualTo(new Due(clock.instant().plus(Duration.ofMinutes(2)), CycleTrigger.RETRY));
        Instant ended = clock.instant().plus(Duration.ofMinutes(3));
        assertThat(schedule.afterCycle(ended, true)).as("the retry failed too: the second step")
                .isEqualTo(new Due(ended.plus(Duration.ofMinutes(5)), CycleTrigger.RETRY));
        assertThat(schedule(DAILY_INTERVAL).atStart(false, true)).as("nothing serves: at once")
                .isEqualTo(new Due(clock.instant(), CycleTrigger.STARTUP));
    }

    @Test
    void aDailyTimeLaterTodayIsToday() {
        TrainingSchedule schedule = schedule(new Plan(1440, LocalTime.of(22, 30)));

        assertThat(schedule.regularNext(local(2024, 3, 5, 10, 0))).isEqualTo(local(2024, 3, 5, 22, 30));
    }

    @Test
    void aDailyTimeAlreadyPassedOrNowWrapsToTheNextDay() {
        TrainingSchedule schedule = schedule(new Plan(1440, LocalTime.of(3, 0)));

        assertThat(schedule.regularNext(local(2024, 3, 5, 10, 0))).isEqualTo(local(2024, 3, 6, 3, 0));
        assertThat(schedule.regularNext(local(2024, 3, 5, 3, 0))).as("exactly at the time: tomorrow")
                .isEqualTo(local(2024, 3, 6, 3, 0));
        assertThat(schedule.regularNext(local(2024, 12, 31, 23, 59))).as("over the year's end")
                .isEqualTo(local(2025, 1, 1, 3, 0));
    }

    @Test
    void aDailyTimeIgnoresTheInterval() {
        TrainingSchedule schedule = schedule(new Plan(5, LocalTime.of(12, 0)));

        assertThat(schedule.afterCycle(local(2024, 3, 5, 11, 0), false))
                .isEqualTo(new Due(local(2024, 3, 5, 12, 0), CycleTrigger.SCHEDULE));
    }

    @Test
    void failedCyclesAreRetriedAfterTwoFiveFifteenThirtyThenEverySixtyMinutes() {
        TrainingSchedule schedule = schedule(DAILY_INTERVAL);
        Instant ended = clock.instant();

        for (int minutes : new int[] {2, 5, 15, 30, 60, 60, 60}) {
            assertThat(schedule.afterCycle(ended, true))
                    .isEqualTo(new Due(ended.plus(Duration.ofMinutes(minutes)), CycleTrigger.RETRY));
        }
        assertThat(schedule.consecutiveFailures()).isEqualTo(7);
    }

    @Test
    void aRetryIsNeverLaterThanTheRegularTime() {
        TrainingSchedule every10 = schedule(new Plan(10, null));
        Instant ended = clock.instant();
        for (int minutes : new int[] {2, 5, 10, 10}) {
            assertThat(every10.afterCycle(ended, true).at()).isEqualTo(ended.plus(Duration.ofMinutes(minutes)));
        }

        TrainingSchedule daily = schedule(new Plan(1440, LocalTime.of(10, 20)));
        Instant at10 = local(2024, 3, 5, 10, 0);
        daily.afterCycle(at10, true);
        daily.afterCycle(at10, true);
        assertThat(daily.afterCycle(at10, true))
                .as("15 minutes would pass the daily time at 10:20")
                .isEqualTo(new Due(local(2024, 3, 5, 10, 15), CycleTrigger.RETRY));
        assertThat(daily.afterCycle(at10, true))
                .isEqualTo(new Due(local(2024, 3, 5, 10, 20), CycleTrigger.RETRY));
    }

    @Test
    void aCycleThatDidNotFailResetsTheLadder() {
        TrainingSchedule schedule = schedule(DAILY_INTERVAL);
        Instant ended = clock.instant();
        schedule.afterCycle(ended, true);
        schedule.afterCycle(ended, true);
        schedule.afterCycle(ended, true);

        assertThat(schedule.afterCycle(ended, false))
                .isEqualTo(new Due(ended.plus(Duration.ofDays(1)), CycleTrigger.SCHEDULE));
        assertThat(schedule.consecutiveFailures()).isZero();
        assertThat(schedule.afterCycle(ended, true).at()).as("the ladder starts again")
                .isEqualTo(ended.plus(Duration.ofMinutes(2)));
    }

    @Test
    void aChangedScheduleReplansFromTheEndOfTheLastCycle() {
        TrainingSchedule schedule = schedule(DAILY_INTERVAL);
        Instant ended = clock.instant();
        schedule.cycleEnded(ended);
        schedule.planned(schedule.afterCycle(ended, false));
        clock.advance(Duration.ofMinutes(10));

        assertThat(schedule.change(new Plan(30, null), false))
                .contains(new Due(ended.plus(Duration.ofMinutes(30)), CycleTrigger.SCHEDULE));
        assertThat(schedule.change(new Plan(5, null), false)).as("already due: at once")
                .contains(new Due(clock.instant(), CycleTrigger.SCHEDULE));
        assertThat(schedule.change(new Plan(1440, LocalTime.of(22, 0)), false))
                .contains(new Due(local(2024, 3, 5, 22, 0), CycleTrigger.SCHEDULE));
        assertThat(schedule.change(new Plan(1440, LocalTime.of(22, 0)), false)).as("nothing changed").isEmpty();
    }

    @Test
    void aChangedScheduleWithoutAnEndedCycleCountsFromNow() {
        TrainingSchedule schedule = schedule(DAILY_INTERVAL);
        schedule.planned(schedule.atStart(true, false));

        assertThat(schedule.change(new Plan(45, null), false))
                .contains(new Due(clock.instant().plus(Duration.ofMinutes(45)), CycleTrigger.SCHEDULE));
    }

    @Test
    void aChangedScheduleLeavesARunningCycleARetryAndAnUnplannedServiceAlone() {
        Instant ended = clock.instant();
        TrainingSchedule running = schedule(DAILY_INTERVAL);
        running.planned(running.atStart(true, false));
        running.cycleStarted();
        assertThat(running.nextDue()).isEmpty();
        assertThat(running.change(new Plan(30, null), true)).isEmpty();
        assertThat(running.afterCycle(ended, false).at()).as("the running cycle's successor uses the new plan")
                .isEqualTo(ended.plus(Duration.ofMinutes(30)));

        TrainingSchedule retrying = schedule(DAILY_INTERVAL);
        retrying.planned(retrying.afterCycle(ended, true));
        assertThat(retrying.change(new Plan(30, null), false)).isEmpty();
        assertThat(retrying.nextDue()).contains(ended.plus(Duration.ofMinutes(2)));

        TrainingSchedule unplanned = schedule(DAILY_INTERVAL);
        assertThat(unplanned.change(new Plan(30, null), false)).isEmpty();
        assertThat(unplanned.regularNext(ended)).isEqualTo(ended.plus(Duration.ofMinutes(30)));
    }

    @Test
    void itRemembersTheLastEndAndThePlannedCycle() {
        TrainingSchedule schedule = schedule(DAILY_INTERVAL);
        assertThat(schedule.lastEnded()).isEmpty();
        assertThat(schedule.nextDue()).isEmpty();

        Instant ended = clock.instant();
        schedule.cycleEnded(ended);
        Due next = schedule.afterCycle(ended, false);
        schedule.planned(next);

        assertThat(schedule.lastEnded()).contains(ended);
        assertThat(schedule.nextDue()).contains(next.at());
    }
}
