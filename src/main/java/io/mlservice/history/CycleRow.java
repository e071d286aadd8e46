package io.mlservice.history;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One training cycle as the history keeps it.
 *
 * @param id       the history's number for the cycle, increasing
 * @param started  when the cycle began
 * @param finished when it ended; null while it runs, and for a cycle the service was stopped in (its end is not
 *                 known)
 * @param trigger  what started it: {@code startup}, {@code schedule}, {@code retry} or {@code manual}
 * @param source   where the export came from: the Totara URL or the folder
 * @param outcome  {@code running}, {@code ok}, {@code partial}, {@code failed} or {@code cancelled}
 * @param message  what happened, for people; empty when there is nothing to add
 */
public record CycleRow(long id, Instant started, Instant finished, String trigger, String source, String outcome,
                       String message) {

    /** The triggers a cycle can have. */
    public static final Set<String> TRIGGERS = Set.of("startup", "schedule", "retry", "manual");

    /** The outcomes a cycle can have; {@code running} only until it is finished. */
    public static final Set<String> OUTCOMES = Set.of("running", "ok", "partial", "failed", "cancelled");

    public CycleRow {
        Objects.requireNonNull(started, "started");
        requireOneOf("cycle trigger", trigger, TRIGGERS);
        requireOneOf("cycle outcome", outcome, OUTCOMES);
        source = Objects.requireNonNullElse(source, "");
        message = Objects.requireNonNullElse(message, "");
    }

    /** True while the cycle has not been finished. */
    public boolean running() {
        return "running".equals(outcome);
    }

    static void requireOneOf(String what, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException("unknown " + what + " '" + value + "' (expected one of "
                    + allowed.stream().sorted().toList() + ")");
        }
    }
}
