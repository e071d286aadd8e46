package io.mlservice.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.mlservice.history.HistoryDatabase.real;
import static io.mlservice.history.HistoryDatabase.setReal;

/**
 * The service's memory of what it did: training cycles, per-tenant results, learning curves, export fetches and
 * API traffic per minute, in one SQLite file ({@link HistorySchema} has its tables). One connection serves every
 * caller; writes are a few a minute and reads come from the console, so the methods simply take turns. A failing
 * read or write throws {@link UncheckedIOException} naming the file.
 */
public final class History implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(History.class);

    /** What a cycle the service was stopped in says once the history is opened again. */
    public static final String INTERRUPTED = "interrupted (the service stopped during this cycle)";

    /** The schema version this program writes and understands. */
    public static final int SCHEMA_VERSION = HistorySchema.VERSION;

    private static final String CYCLE_COLUMNS = "id, started, finished, triggered_by, source, outcome, message";
    private static final String EPOCH_COLUMNS =
            "tenant, candidate, epoch, mean_loss, auc, precision10, recall10, elapsed_millis";

    private final HistoryDatabase db;
    private int interruptedAtOpen;

    private History(HistoryDatabase db) {
        this.db = db;
    }

    /**
     * Opens the history file, creating it and its folders if needed (owner-only: it holds what the service did with
     * personal data), brings its schema up to date and marks cycles a crash left running as
     * {@link CycleOutcome#INTERRUPTED}.
     *
     * @throws IOException when the file is not an SQLite database, was written by a newer version of the program,
     *                     or cannot be created
     */
    public static History open(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        HistoryDatabase db = HistoryDatabase.open(absolute);
        try {
            HistorySchema.migrate(db);
            History history = new History(db);
            history.markInterruptedCycles();
            return history;
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private void markInterruptedCycles() throws IOException {
        try (PreparedStatement ps = db.connection().prepareStatement(
                "UPDATE cycles SET outcome = ?, message = ? WHERE outcome = ?")) {
            ps.setString(1, CycleOutcome.INTERRUPTED.id());
            ps.setString(2, INTERRUPTED);
            ps.setString(3, CycleOutcome.RUNNING.id());
            interruptedAtOpen = ps.executeUpdate();
            if (interruptedAtOpen > 0) {
                LOG.warn("{} training cycle(s) were interrupted when the service last stopped", interruptedAtOpen);
            }
        } catch (SQLException e) {
            throw new IOException("cannot update " + db.file() + ": " + e.getMessage(), e);
        }
    }

    /** How many cycles the last run of the service left running, found when this history was opened. */
    public int interruptedAtOpen() {
        return interruptedAtOpen;
    }

    /** The history's file. */
    public Path file() {
        return db.file();
    }

    /** Records that a cycle began; returns its id for the cycle's other records. */
    public synchronized long startCycle(Instant started, CycleTrigger trigger, String source) {
        CycleRow cycle = new CycleRow(0, started, null, trigger, source, CycleOutcome.RUNNING, "");
        return db.insert("record the start of a cycle",
                "INSERT INTO cycles (started, triggered_by, source, outcome, message) VALUES (?, ?, ?, ?, ?)",
                ps -> {
                    ps.setLong(1, cycle.started().toEpochMilli());
                    ps.setString(2, cycle.trigger().id());
                    ps.setString(3, cycle.source());
                    ps.setString(4, cycle.outcome().id());
                    ps.setString(5, cycle.message());
                });
    }

    /**
     * Records how a cycle ended.
     *
     * @param outcome anything but {@link CycleOutcome#RUNNING}
     * @throws IllegalArgumentException for an unknown cycle, or a finished cycle said to be running
     */
    public synchronized void finishCycle(long id, Instant finished, CycleOutcome outcome, String message) {
        if (outcome == CycleOutcome.RUNNING) {
            throw new IllegalArgumentException("a finished cycle cannot be 'running'");
        }
        int changed = db.update("record the end of cycle " + id,
                "UPDATE cycles SET finished = ?, outcome = ?, message = ? WHERE id = ?", ps -> {
                    ps.setLong(1, finished.toEpochMilli());
                    ps.setString(2, outcome.id());
                    ps.setString(3, message == null ? "" : message);
                    ps.setLong(4, id);
                });
        if (changed == 0) {
            throw new IllegalArgumentException("the history has no cycle " + id);
        }
    }

    /** Records the time of the export a cycle obtained (Totara's {@code Last-Modified}, a folder's files' newest). */
    public synchronized void recordExportTime(long cycleId, Instant exportTime) {
        db.update("record the export time of cycle " + cycleId, "UPDATE cycles SET export_time = ? WHERE id = ?",
                ps -> {
                    ps.setLong(1, exportTime.toEpochMilli());
                    ps.setLong(2, cycleId);
                });
    }

    /** The export time the newest cycle that obtained an export recorded; empty when none has. */
    public synchronized Optional<Instant> lastExportTime() {
        return db.query("read the last export time",
                "SELECT export_time FROM cycles WHERE export_time IS NOT NULL ORDER BY id DESC LIMIT 1",
                ps -> { }, rs -> Instant.ofEpochMilli(rs.getLong(1))).stream().findFirst();
    }

    /** Records what a cycle did for one tenant; a second row for the same tenant and cycle replaces the first. */
    public synchronized void recordTenant(long cycleId, TenantResultRow row) {
        db.update("record tenant " + row.tenant() + " of cycle " + cycleId, """
                INSERT OR REPLACE INTO tenant_results (cycle_id, tenant, outcome, message, algorithm, users, items,
                    interactions, epochs, components, auc, precision10, recall10, popularity_precision10,
                    ease_auc, ease_precision10, ease_recall10, training_millis, hyper_parameters, model_file)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", ps -> {
                    ps.setLong(1, cycleId);
                    ps.setString(2, row.tenant());
                    ps.setString(3, row.outcome().id());
                    ps.setString(4, row.message());
                    ps.setString(5, row.algorithm());
                    ps.setInt(6, row.users());
                    ps.setInt(7, row.items());
                    ps.setInt(8, row.interactions());
                    ps.setInt(9, row.epochs());
                    ps.setInt(10, row.components());
                    setReal(ps, 11, row.auc());
                    setReal(ps, 12, row.precision10());
                    setReal(ps, 13, row.recall10());
                    setReal(ps, 14, row.popularityPrecision10());
                    setReal(ps, 15, row.easeAuc());
                    setReal(ps, 16, row.easePrecision10());
                    setReal(ps, 17, row.easeRecall10());
                    ps.setLong(18, row.trainingMillis());
                    ps.setString(19, row.hyperParameters());
                    ps.setString(20, row.modelFile());
                });
    }

    /** Records one training epoch. Each row is committed at once: epochs come a few a second at most. */
    public synchronized void recordEpoch(long cycleId, EpochRow row) {
        db.update("record an epoch of cycle " + cycleId,
                "INSERT INTO epochs (cycle_id, " + EPOCH_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setLong(1, cycleId);
                    ps.setString(2, row.tenant());
                    ps.setString(3, row.candidate());
                    ps.setInt(4, row.epoch());
                    setReal(ps, 5, row.meanLoss());
                    setReal(ps, 6, row.auc());
                    setReal(ps, 7, row.precision10());
                    setReal(ps, 8, row.recall10());
                    ps.setLong(9, row.elapsedMillis());
                });
    }

    /** Records one export fetch of a cycle. */
    public synchronized void recordFetch(long cycleId, FetchRow row) {
        db.update("record a fetch of cycle " + cycleId, """
                INSERT INTO fetches (cycle_id, at, file, http_status, bytes, millis, outcome)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", ps -> {
                    ps.setLong(1, cycleId);
                    ps.setLong(2, row.at().toEpochMilli());
                    ps.setString(3, row.file());
                    ps.setInt(4, row.httpStatus());
                    ps.setLong(5, row.bytes());
                    ps.setLong(6, row.millis());
                    ps.setString(7, row.outcome());
                });
    }

    /** Records API traffic in one transaction; a row for a minute and endpoint already there replaces it. */
    public synchronized void recordApiMinutes(List<ApiMinuteRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        db.inTransaction("record API minutes", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    INSERT OR REPLACE INTO api_minutes (minute, endpoint, requests, errors, cold_starts, p50_millis,
                        p99_millis, max_millis)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (ApiMinuteRow row : rows) {
                    ps.setLong(1, row.minute().toEpochMilli());
                    ps.setString(2, row.endpoint());
                    ps.setLong(3, row.requests());
                    ps.setLong(4, row.errors());
                    ps.setLong(5, row.coldStarts());
                    setReal(ps, 6, row.p50Millis());
                    setReal(ps, 7, row.p99Millis());
                    setReal(ps, 8, row.maxMillis());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    /** The newest cycles first, at most {@code limit}. */
    public synchronized List<CycleRow> recentCycles(int limit) {
        return db.query("read recent cycles",
                "SELECT " + CYCLE_COLUMNS + " FROM cycles ORDER BY id DESC LIMIT ?",
                ps -> ps.setInt(1, Math.max(0, limit)), History::cycle);
    }

    /**
     * The newest cycle that has ended with a known end time; a cycle the service was stopped in has none, so it is
     * passed over.
     */
    public synchronized Optional<CycleRow> lastFinishedCycle() {
        return db.query("read the last finished cycle",
                "SELECT " + CYCLE_COLUMNS + " FROM cycles WHERE finished IS NOT NULL ORDER BY id DESC LIMIT 1",
                ps -> { }, History::cycle).stream().findFirst();
    }

    /** What a cycle did for each tenant, by tenant. */
    public synchronized List<TenantResultRow> tenantResults(long cycleId) {
        return db.query("read the tenant results of cycle " + cycleId, """
                SELECT tenant, outcome, message, algorithm, users, items, interactions, epochs, components, auc,
                    precision10, recall10, popularity_precision10, ease_auc, ease_precision10, ease_recall10,
                    training_millis, hyper_parameters, model_file
                FROM tenant_results WHERE cycle_id = ? ORDER BY tenant""",
                ps -> ps.setLong(1, cycleId), rs -> new TenantResultRow(
                        rs.getString(1), TenantOutcome.of(rs.getString(2)), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), real(rs, 10),
                        real(rs, 11), real(rs, 12), real(rs, 13), real(rs, 14), real(rs, 15), real(rs, 16),
                        rs.getLong(17), rs.getString(18), rs.getString(19)));
    }

    /** A cycle's epochs of every tenant, in the order they were recorded (the console's drill-down into a cycle). */
    public synchronized List<EpochRow> cycleEpochs(long cycleId) {
        return db.query("read the epochs of cycle " + cycleId,
                "SELECT " + EPOCH_COLUMNS + " FROM epochs WHERE cycle_id = ? ORDER BY id",
                ps -> ps.setLong(1, cycleId), rs -> new EpochRow(rs.getString(1), rs.getString(2), rs.getInt(3),
                        real(rs, 4), real(rs, 5), real(rs, 6), real(rs, 7), rs.getLong(8)));
    }

    /** A cycle's fetches in the order they were recorded. */
    public synchronized List<FetchRow> fetches(long cycleId) {
        return db.query("read the fetches of cycle " + cycleId, """
                SELECT at, file, http_status, bytes, millis, outcome FROM fetches WHERE cycle_id = ? ORDER BY id""",
                ps -> ps.setLong(1, cycleId), rs -> new FetchRow(Instant.ofEpochMilli(rs.getLong(1)),
                        rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5), rs.getString(6)));
    }

    /** API traffic of the minutes from {@code from} (inclusive) to {@code to} (exclusive), by minute and endpoint. */
    public synchronized List<ApiMinuteRow> apiMinutes(Instant from, Instant to) {
        return db.query("read API minutes", """
                SELECT minute, endpoint, requests, errors, cold_starts, p50_millis, p99_millis, max_millis
                FROM api_minutes WHERE minute >= ? AND minute < ? ORDER BY minute, endpoint""",
                ps -> {
                    ps.setLong(1, from.toEpochMilli());
                    ps.setLong(2, to.toEpochMilli());
                }, rs -> new ApiMinuteRow(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), real(rs, 6), real(rs, 7), real(rs, 8)));
    }

    /**
     * Forgets the bulky detail from before {@code olderThan}: API minutes, and the epochs of cycles that started
     * before it. Cycles, tenant results and fetches stay.
     */
    public synchronized void prune(Instant olderThan) {
        long cutoff = olderThan.toEpochMilli();
        db.inTransaction("prune", connection -> {
            try (PreparedStatement minutes = connection.prepareStatement("DELETE FROM api_minutes WHERE minute < ?");
                 PreparedStatement epochs = connection.prepareStatement(
                         "DELETE FROM epochs WHERE cycle_id IN (SELECT id FROM cycles WHERE started < ?)")) {
                minutes.setLong(1, cutoff);
                epochs.setLong(1, cutoff);
                int removed = minutes.executeUpdate() + epochs.executeUpdate();
                LOG.info("History pruned before {}: {} rows removed", olderThan, removed);
            }
        });
    }

    /** The schema version stored in the file. */
    public synchronized int schemaVersion() {
        try {
            return HistorySchema.version(db);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        db.close();
    }

    private static CycleRow cycle(ResultSet rs) throws SQLException {
        long finished = rs.getLong(3);
        Instant end = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
        return new CycleRow(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), end,
                CycleTrigger.of(rs.getString(4)), rs.getString(5), CycleOutcome.of(rs.getString(6)), rs.getString(7));
    }

    @Override
    public String toString() {
        return "History[" + db.file() + "]";
    }
}
