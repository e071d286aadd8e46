package io.mlservice.faults;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * A daily training time ({@code ML_RETRAIN_AT}, the service's zone set to UTC) on the first whole minute at least
 * some time from now: the service's first cycle (no model yet) runs at once, its second at that minute, and the
 * regular one after that is a day later, so any cycle sooner than that is a retry.
 *
 * @param at     when the second cycle starts
 * @param hhmm   the setting's value
 */
record Schedule(Instant at, String hhmm) {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    static Schedule secondCycleAfter(Duration ahead) {
        Instant at = Instant.now().plus(ahead).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        return new Schedule(at, HH_MM.format(at));
    }

    /** Applies the schedule to a launch. */
    ServiceLaunch applyTo(ServiceLaunch launch) {
        return launch.env("ML_RETRAIN_AT", hhmm).env("TZ", "UTC").jvm("-Duser.timezone=UTC");
    }
}
