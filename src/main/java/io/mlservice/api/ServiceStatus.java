package io.mlservice.api;

import io.mlservice.config.Role;
import io.mlservice.totara.TotaraStatus;

import java.time.Instant;
import java.util.Optional;

/** What the home page and {@code /health-check} show about the running service; implemented by the service. */
public interface ServiceStatus {

    /** The program's version, e.g. {@code 0.1.0}. */
    String version();

    /** The configured Totara URL, or empty when the service trains from a local export folder. */
    Optional<String> totaraUrl();

    /** Where exports come from, for people: the Totara URL or the folder. */
    String exportSource();

    /**
     * Totara's status for someone who asked to check and can wait for it (the console): the answer of a query asked
     * now (or of the one already out), bounded by its timeout of a few seconds; empty without a Totara URL.
     */
    Optional<TotaraStatus> checkTotara();

    /**
     * Totara's status for {@code /health-check}, within about a second whatever Totara does: a recent one, else
     * the last known one or "still checking" while a query runs elsewhere; empty without a Totara URL.
     */
    Optional<TotaraStatus> recentTotaraStatus();

    /** Whether {@code train_summary.log} exists in the logs folder. */
    boolean logsFileExists();

    /** A one-line summary of the last training cycle (the rows {@code train_summary.log} got), or empty. */
    Optional<String> lastTrainingSummary();

    /** When the last training cycle finished, or empty. */
    Optional<Instant> lastTraining();

    /**
     * The time of the newest export a cycle obtained (Totara's {@code Last-Modified}, a folder's files' newest), or
     * empty when none is known.
     */
    default Optional<Instant> lastExport() {
        return Optional.empty();
    }

    /** When the next training cycle is due, or empty when none is scheduled. */
    Optional<Instant> nextTraining();

    /** True while a training cycle runs. */
    boolean training();

    /** What this instance does: train and serve, or only serve the trainer's files (a replica). */
    Role role();

    /** The model file served now; empty before the first one is loaded or saved. */
    Optional<ServedModel> servedModel();
}
