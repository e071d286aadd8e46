package io.mlservice.console.dashboard;

import io.mlservice.format.ByteSize;
import io.mlservice.config.BindAddress;
import io.mlservice.config.ServiceSettings;
import io.mlservice.console.Formats;
import io.mlservice.console.RunningService;
import io.mlservice.console.dashboard.CardState.Status;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.CycleRow;
import io.mlservice.history.FetchRow;
import io.mlservice.totara.TotaraStatus;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the dashboard's status cards say about a running service: where the API listens and how far that reaches,
 * the schedule, the last fetch of the export, Totara's answer. Reads the service (and may resolve a host name):
 * call it on the background executor, one refresh at a time.
 */
final class ServiceCards {
    private final Clock clock;
    private BindAddress assessed;
    private ApiExposure exposure;

    ServiceCards(Clock clock) {
        this.clock = clock;
    }

    /** Empty, or why the listen address reaches beyond a private network and what to do. */
    String apiWarning() {
        return exposure == null || !exposure.exposed() ? "" : exposure.warning();
    }

    CardState api(RunningService service) {
        BindAddress bind = service.settings().bind();
        if (!bind.equals(assessed)) {
            exposure = ApiExposure.of(bind);
            assessed = bind;
        }
        URI uri;
        try {
            uri = service.baseUri();
        } catch (RuntimeException e) {
            // between the old and the new address while settings are applied
            return new CardState(Status.DANGER, "Not listening", "ML_BIND " + bind + ": " + e.getMessage());
        }
        return new CardState(exposure.exposed() ? Status.WARNING : Status.OK, "Listening on " + uri,
                "ML_BIND " + bind + " · reachable from " + exposure.reach());
    }

    CardState schedule(RunningService service, boolean training, Instant now) {
        ServiceSettings s = service.settings();
        String every = s.retrainAt() != null ? "daily at " + s.retrainAt() : every(s.retrainMinutes());
        String last = service.status().lastTraining()
                .map(t -> " · last finished " + Formats.dateTime(t, clock)).orElse("")
                + service.status().lastExport().map(t -> " · export from " + Formats.dateTime(t, clock)).orElse("");
        if (training) {
            return new CardState(Status.OK, "Training now", "The Training page shows its progress" + last + ".");
        }
        Optional<Instant> next = service.nextTraining();
        if (next.isEmpty()) {
            return CardState.neutral("No training scheduled", "Trains " + every + last);
        }
        Instant due = next.get();
        String when = due.isAfter(now) ? Formats.relative(due, clock) : "due now";
        return CardState.neutral("Next training " + Formats.dateTime(due, clock) + " (" + when + ")",
                "Trains " + every + last);
    }

    /** The last fetch of the export among the recent cycles (newest first), or that exports come from a folder. */
    CardState fetch(RunningService service, List<TenantCard.CycleResults> cycles, boolean demo) {
        ServiceSettings s = service.settings();
        CycleRow newest = cycles.isEmpty() ? null : cycles.get(0).cycle();
        if (s.exportDir() != null) {
            String what = demo ? "the built-in demo dataset" : "the folder " + s.exportDir();
            String last = newest == null ? "" : newest.running() ? " A training cycle is reading it now."
                    : " Last read " + Formats.dateTime(newest.started(), clock) + ": " + describe(newest) + ".";
            return CardState.neutral("Exports come from a folder",
                    "Nothing is fetched from Totara: the service reads " + what + "." + last);
        }
        for (TenantCard.CycleResults c : cycles) {
            List<FetchRow> rows = service.fetches(c.cycle().id());
            if (!rows.isEmpty()) {
                return fetch(c.cycle(), rows);
            }
        }
        if (newest != null && newest.running()) {
            return CardState.neutral("Fetching the export…", "From " + service.status().exportSource());
        }
        return CardState.neutral("No fetch yet", "The next training cycle fetches the export from "
                + service.status().exportSource() + ".");
    }

    /** Totara's answer to the status check (which blocks for up to 5 s). */
    CardState totara(RunningService service, boolean demo) {
        Optional<TotaraStatus> status = service.status().checkTotara();
        String checked = " · checked " + Formats.fullDateTime(clock.instant()).substring(11);
        if (status.isEmpty()) {
            return demo
                    ? CardState.neutral("No Totara configured (demo dataset)",
                            "Connect a Totara site in Settings to train on its data.")
                    : CardState.neutral("No Totara configured", "Exports come from "
                            + service.status().exportSource() + ".");
        }
        TotaraStatus s = status.get();
        String where = s.url() + (s.ip() == null ? "" : " (" + s.ip() + ")");
        if (s.ok()) {
            return new CardState(Status.OK, "Totara answers",
                    where + " in " + String.format(Locale.ROOT, "%.2f s", s.elapsedSeconds()) + checked);
        }
        return new CardState(Status.DANGER, "Totara does not answer", s.error() + " · " + where + checked);
    }

    private CardState fetch(CycleRow cycle, List<FetchRow> rows) {
        FetchRow last = rows.get(rows.size() - 1);
        String at = Formats.dateTime(last.at(), clock);
        if (!fetchedWell(last)) {
            if (last.httpStatus() == 202 && cycle.running()) {
                return new CardState(Status.WARNING, "Totara is still exporting (" + at + ")", last.outcome());
            }
            return new CardState(Status.DANGER, "Fetch failed at " + at, last.file() + ": " + last.outcome());
        }
        long bytes = 0;
        long millis = 0;
        for (FetchRow r : rows) {
            bytes += r.bytes();
            millis += r.millis();
        }
        String cycleNote = cycle.outcome() == CycleOutcome.FAILED ? " The cycle then failed: " + cycle.message() : "";
        return new CardState(cycle.outcome() == CycleOutcome.FAILED ? Status.WARNING : Status.OK,
                "Fetched " + at + ": " + rows.size() + (rows.size() == 1 ? " file" : " files") + ", " + ByteSize.text(bytes),
                "in " + Formats.duration(Duration.ofMillis(millis)) + " from " + cycle.source() + "." + cycleNote);
    }

    private static boolean fetchedWell(FetchRow row) {
        return row.httpStatus() == 200 || (row.httpStatus() == 204 && row.file().equals("tenants.csv"));
    }

    private static String describe(CycleRow c) {
        return c.message().isEmpty() ? c.outcome().id() : c.outcome().id() + " (" + c.message() + ")";
    }

    /** "every day", "every 6 hours", "every 90 minutes". */
    static String every(int minutes) {
        if (minutes % 1440 == 0) {
            return minutes == 1440 ? "every day" : "every " + minutes / 1440 + " days";
        }
        if (minutes % 60 == 0) {
            return minutes == 60 ? "every hour" : "every " + minutes / 60 + " hours";
        }
        return minutes == 1 ? "every minute" : "every " + minutes + " minutes";
    }
}
