package io.mlservice.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The history file's tables, as numbered versions of one schema: {@code PRAGMA user_version} says which version a
 * file has, and opening it runs the statements that bring it to this program's. A change to the tables is a new
 * entry in {@code MIGRATIONS}, never an edit of an old one.
 */
final class HistorySchema {
    private static final Logger LOG = LoggerFactory.getLogger(HistorySchema.class);

    /** Schema version n is reached by running the statements of {@code MIGRATIONS.get(n - 1)} on version n - 1. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            """
            CREATE TABLE cycles (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                started INTEGER NOT NULL,
                finished INTEGER,
                triggered_by TEXT NOT NULL,
                source TEXT NOT NULL,
                outcome TEXT NOT NULL,
                message TEXT NOT NULL)""",
            """
            CREATE TABLE tenant_results (
                cycle_id INTEGER NOT NULL REFERENCES cycles(id),
                tenant TEXT NOT NULL,
                outcome TEXT NOT NULL,
                message TEXT NOT NULL,
                algorithm TEXT NOT NULL,
                users INTEGER NOT NULL,
                items INTEGER NOT NULL,
                interactions INTEGER NOT NULL,
                epochs INTEGER NOT NULL,
                components INTEGER NOT NULL,
                auc REAL,
                precision10 REAL,
                recall10 REAL,
                popularity_precision10 REAL,
                training_millis INTEGER NOT NULL,
                hyper_parameters TEXT NOT NULL,
                model_file TEXT,
                PRIMARY KEY (cycle_id, tenant))""",
            """
            CREATE TABLE epochs (
                id INTEGER PRIMARY KEY,
                cycle_id INTEGER NOT NULL REFERENCES cycles(id),
                tenant TEXT NOT NULL,
                candidate TEXT NOT NULL,
                epoch INTEGER NOT NULL,
                mean_loss REAL,
                auc REAL,
                precision10 REAL,
                recall10 REAL,
                elapsed_millis INTEGER NOT NULL)""",
            "CREATE INDEX epochs_by_cycle ON epochs (cycle_id, tenant)",
            """
            CREATE TABLE fetches (
                id INTEGER PRIMARY KEY,
                cycle_id INTEGER NOT NULL REFERENCES cycles(id),
                at INTEGER NOT NULL,
                file TEXT NOT NULL,
                http_status INTEGER NOT NULL,
                bytes INTEGER NOT NULL,
                millis INTEGER NOT NULL,
                outcome TEXT NOT NULL)""",
            "CREATE INDEX fetches_by_cycle ON fetches (cycle_id)",
            """
            CREATE TABLE api_minutes (
                minute INTEGER NOT NULL,
                endpoint TEXT NOT NULL,
                requests INTEGER NOT NULL,
                errors INTEGER NOT NULL,
                cold_starts INTEGER NOT NULL,
                p50_millis REAL,
                p99_millis REAL,
                max_millis REAL,
                PRIMARY KEY (minute, endpoint)) WITHOUT ROWID"""),
            // The time of the export a cycle obtained (Totara's Last-Modified, or the folder's files' newest):
            // a check for a new export compares against it, also after a restart.
            List.of("ALTER TABLE cycles ADD COLUMN export_time INTEGER"),
            // EASE^R's held-out figures beside popularity's; NULL where it was not measured (skipped for too many
            // items) and in the rows recorded before this version.
            List.of("ALTER TABLE tenant_results ADD COLUMN ease_auc REAL",
                    "ALTER TABLE tenant_results ADD COLUMN ease_precision10 REAL",
                    "ALTER TABLE tenant_results ADD COLUMN ease_recall10 REAL"));

    /** The schema version this program writes and understands. */
    static final int VERSION = MIGRATIONS.size();

    private HistorySchema() {
    }

    /**
     * Brings the file's schema up to {@link #VERSION}, one version per transaction.
     *
     * @throws IOException when the file was written by a newer version of the program, or a migration fails
     */
    static void migrate(HistoryDatabase db) throws IOException {
        migrate(db, VERSION);
    }

    /**
     * Brings the file's schema up to {@code target}: {@link #VERSION} in the program, an older version where a test
     * writes a file as an older program did.
     */
    static void migrate(HistoryDatabase db, int target) throws IOException {
        int version = version(db);
        if (version > VERSION) {
            throw new IOException(db.file().getFileName() + " was written by a newer version (schema " + version
                    + ", this program knows " + VERSION + ")");
        }
        for (int next = version + 1; next <= target; next++) {
            migrateTo(db, next);
        }
    }

    /** The schema version stored in the file. */
    static int version(HistoryDatabase db) throws IOException {
        try (Statement s = db.connection().createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            throw new IOException("cannot read the schema version of " + db.file() + ": " + e.getMessage(), e);
        }
    }

    private static void migrateTo(HistoryDatabase db, int version) throws IOException {
        Path file = db.file();
        Connection connection = db.connection();
        try {
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                for (String sql : MIGRATIONS.get(version - 1)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + version);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            LOG.info("History {} is at schema version {}", file, version);
        } catch (SQLException e) {
            throw new IOException("cannot bring " + file + " to schema version " + version + ": " + e.getMessage(),
                    e);
        }
    }
}
