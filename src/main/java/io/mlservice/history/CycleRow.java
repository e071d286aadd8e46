package io.mlservice.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One training cycle as the history keeps it.
 *
 * @param id       the history's number for the cycle, increasing
 * @param started  when the cycle began
 * @param finished when it ended; null while it runs, and for a cycle the service was stopped in (its end is not
 *                 known)
 * @param trigger  what started it
 * @param source   where the export came from: the Totara URL or the folder
 * @param outcome  how it went; {@link CycleOutcome#RUNNING} until it is finished
 * @param message  what happened, for people; empty when there is nothing to add
 */
public record CycleRow(long id, Instant started, Instant finished, CycleTrigger trigger, String source,
                       CycleOutcome outcome, String message) {

    public CycleRow {
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(outcome, "outcome");
        source = Objects.requireNonNullElse(source, "");
        message = Objects.requireNonNullElse(message, "");
    }

    /** True while the cycle has not been finished. */
    public boolean running() {
        return outcome == CycleOutcome.RUNNING;
    }
}
