package io.mlservice.history;

import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.model.TrainingReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The history on real SQLite files. */
class HistoryTest {
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00.123Z");

    @TempDir
    Path dir;

    private Path dbFile() {
        return dir.resolve("nested/logs/history.db");
    }

    @Test
    void createsTheFileWithItsFoldersAtTheCurrentSchemaInWalMode() throws Exception {
        try (History history = History.open(dbFile())) {
            assertThat(history.schemaVersion()).isEqualTo(History.SCHEMA_VERSION).isEqualTo(3);
        }
        assertThat(dbFile()).isRegularFile();
        assertThat(pragma(dbFile(), "user_version")).isEqualTo("3");
        assertThat(pragma(dbFile(), "journal_mode")).isEqualToIgnoringCase("wal");
    }

    @Test
    void cyclesRoundTripNewestFirst() throws IOException {
        try (History history = History.open(dbFile())) {
            long first = history.startCycle(T0, CycleTrigger.STARTUP, "https://totara.example");
            history.finishCycle(first, T0.plusSeconds(90), CycleOutcome.OK, "2 tenants trained");
            long second = history.startCycle(T0.plusSeconds(3600), CycleTrigger.SCHEDULE, "/srv/export");

            assertThat(second).isGreaterThan(first);
            List<CycleRow> cycles = history.recentCycles(10);
            assertThat(cycles).containsExactly(
                    new CycleRow(second, T0.plusSeconds(3600), null, CycleTrigger.SCHEDULE, "/srv/export", CycleOutcome.RUNNING, ""),
                    new CycleRow(first, T0, T0.plusSeconds(90), CycleTrigger.STARTUP, "https://totara.example", CycleOutcome.OK,
                            "2 tenants trained"));
            assertThat(cycles.get(0).running()).isTrue();
            assertThat(history.recentCycles(1)).extracting(CycleRow::id).containsExactly(second);
            assertThat(history.lastFinishedCycle()).map(CycleRow::id).contains(first);
        }
    }

    @Test
    void lastFinishedCycleIsEmptyWhenNothingFinished() throws IOException {
        try (History history = History.open(dbFile())) {
            assertThat(history.lastFinishedCycle()).isEmpty();
            history.startCycle(T0, CycleTrigger.MANUAL, "/srv/export");
            assertThat(history.lastFinishedCycle()).isEmpty();
        }
    }

    @Test
    void aCycleLeftRunningByACrashIsInterruptedOnReopen() throws IOException {
        long crashed;
        long done;
        try (History history = History.open(dbFile())) {
            done = history.startCycle(T0, CycleTrigger.STARTUP, "/srv/export");
            history.finishCycle(done, T0.plusSeconds(5), CycleOutcome.PARTIAL, "tenant 3 failed");
            crashed = history.startCycle(T0.plusSeconds(60), CycleTrigger.RETRY, "/srv/export");
        }
        try (History history = History.open(dbFile())) {
            assertThat(history.recentCycles(10)).containsExactly(
                    new CycleRow(crashed, T0.plusSeconds(60), null, CycleTrigger.RETRY, "/srv/export",
                            CycleOutcome.INTERRUPTED, "interrupted (the service stopped during this cycle)"),
                    new CycleRow(done, T0, T0.plusSeconds(5), CycleTrigger.STARTUP, "/srv/export", CycleOutcome.PARTIAL,
                            "tenant 3 failed"));
            assertThat(history.lastFinishedCycle()).map(CycleRow::id).contains(done);
            assertThat(history.interruptedAtOpen()).isEqualTo(1);
        }
        try (History history = History.open(dbFile())) {
            assertThat(history.interruptedAtOpen()).as("marked once").isZero();
        }
    }

    @Test
    void tenantResultsRoundTripWithNaNAsNull() throws Exception {
        HyperParameters hp = HyperParameters.defaults().withEpochs(12);
        TrainingReport report = new TrainingReport("hybrid", hp, new Metrics(0.9132, 0.21, 0.35, 10, 400),
                new Metrics(0.81, 0.12, 0.2, 10, 400), new Metrics(0.8877, 0.23, 0.37, 10, 400), 40, 4,
                1_790_000_000L, 5_432);
        TenantResultRow trained = TenantResultRow.fromReport("0", TenantOutcome.TRAINED, "trained", 500, 120, 9_000, report,
                "model-20261127T080000Z.mlm");
        TenantResultRow insufficient = TenantResultRow.withoutModel("3", TenantOutcome.INSUFFICIENT,
                "The model for tenant 3 is not trained, probably for insufficient data", "hybrid", 2, 1, 1);

        long cycle;
        try (History history = History.open(dbFile())) {
            cycle = history.startCycle(T0, CycleTrigger.SCHEDULE, "/srv/export");
            history.recordTenant(cycle, insufficient);
            history.recordTenant(cycle, trained);
            long other = history.startCycle(T0.plusSeconds(1), CycleTrigger.MANUAL, "/srv/export");
            history.recordTenant(other, trained);

            assertThat(history.tenantResults(cycle)).containsExactly(trained, insufficient);
        }
        assertThat(trained.epochs()).isEqualTo(12);
        assertThat(trained.components()).isEqualTo(64);
        assertThat(trained.popularityPrecision10()).isEqualTo(0.12);
        assertThat(trained.easeAuc()).isEqualTo(0.8877);
        assertThat(trained.easePrecision10()).isEqualTo(0.23);
        assertThat(trained.easeRecall10()).isEqualTo(0.37);
        assertThat(trained.easeMeasured()).isTrue();
        assertThat(trained.hyperParameters()).isEqualTo(hp.describe());
        assertThat(nullCount(dbFile(), "SELECT auc, precision10, recall10, popularity_precision10, ease_auc,"
                + " ease_precision10, ease_recall10, model_file FROM tenant_results WHERE tenant = '3'"))
                .isEqualTo(8);
        assertThat(nullCount(dbFile(), "SELECT ease_auc, ease_precision10, ease_recall10 FROM tenant_results"
                + " WHERE tenant = '0'")).isZero();
        try (History history = History.open(dbFile())) {
            TenantResultRow back = history.tenantResults(cycle).get(1);
            assertThat(back.auc()).isNaN();
            assertThat(back.easePrecision10()).isNaN();
            assertThat(back.easeMeasured()).isFalse();
            assertThat(back.modelFile()).isNull();
        }
    }

    @Test
    void aTrainingWithoutEaseRecordsItsFiguresAsNotMeasured() throws Exception {
        TrainingReport withoutEase = new TrainingReport("hybrid", HyperParameters.defaults(),
                new Metrics(0.9, 0.2, 0.3, 10, 400), new Metrics(0.8, 0.1, 0.2, 10, 400), 40, 4, 1_790_000_000L, 1);
        TenantResultRow row = TenantResultRow.fromReport("0", TenantOutcome.TRAINED, "trained", 500, 120, 9_000,
                withoutEase, "model.mlm");
        try (History history = History.open(dbFile())) {
            long cycle = history.startCycle(T0, CycleTrigger.SCHEDULE, "/srv/export");
            history.recordTenant(cycle, row);

            TenantResultRow back = history.tenantResults(cycle).get(0);
            assertThat(back).isEqualTo(row);
            assertThat(back.easeMeasured()).isFalse();
            assertThat(back.precision10()).isEqualTo(0.2);
        }
        assertThat(nullCount(dbFile(), "SELECT ease_auc, ease_precision10, ease_recall10 FROM tenant_results"))
                .isEqualTo(3);
    }

    @Test
    void epochsRoundTripInRecordedOrderPerTenant() throws Exception {
        HyperParameters hp = HyperParameters.defaults().withComponents(32);
        try (History history = History.open(dbFile())) {
            long cycle = history.startCycle(T0, CycleTrigger.SCHEDULE, "/srv/export");
            EpochRow scored = EpochRow.of("0", 1, hp,
                    new EpochStats(1, 1000, 400, 0.75, 2_000_000, 3_000_000_000L), new Metrics(0.8, 0.1, 0.2, 10, 50));
            EpochRow unscored = EpochRow.of("0", -1, hp,
                    new EpochStats(2, 1000, 300, 0.5, 2_000_000, 6_000_000_000L), Metrics.NONE);
            EpochRow otherTenant = new EpochRow("1", "final fit (adadelta, k=64)", 1, 0.9, 0.7, 0.1, 0.1, 10);
            history.recordEpoch(cycle, scored);
            history.recordEpoch(cycle, otherTenant);
            history.recordEpoch(cycle, unscored);

            assertThat(scored.candidate()).isEqualTo("candidate 2 (adagrad 0.1, k=32)");
            assertThat(unscored.candidate()).isEqualTo("final fit (adagrad 0.1, k=32)");
            assertThat(scored.elapsedMillis()).isEqualTo(3_000);
            assertThat(history.cycleEpochs(cycle)).containsExactly(scored, otherTenant, unscored);
            List<EpochRow> back = epochsOf(history, cycle, "0");
            assertThat(back).containsExactly(scored, unscored);
            assertThat(back.get(1).auc()).isNaN();
            assertThat(back.get(1).precision10()).isNaN();
            assertThat(back.get(1).recall10()).isNaN();
            assertThat(epochsOf(history, cycle, "1")).containsExactly(otherTenant);
            assertThat(history.cycleEpochs(cycle + 1)).isEmpty();
        }
        assertThat(nullCount(dbFile(), "SELECT auc, precision10, recall10 FROM epochs WHERE epoch = 2"))
                .isEqualTo(3);
    }

    @Test
    void fetchesRoundTripInRecordedOrder() throws IOException {
        try (History history = History.open(dbFile())) {
            long cycle = history.startCycle(T0, CycleTrigger.STARTUP, "https://totara.example");
            FetchRow tenants = new FetchRow(T0.plusMillis(10), "tenants.csv", 200, 12, 80, "ok");
            FetchRow pending = new FetchRow(T0.plusMillis(100), "user_data_0.csv", 202, 0, 40,
                    "export still running");
            FetchRow refused = new FetchRow(T0.plusMillis(200), "item_data_0.csv", 0, 0, 5, "connection refused");
            history.recordFetch(cycle, tenants);
            history.recordFetch(cycle, pending);
            history.recordFetch(cycle, refused);

            assertThat(history.fetches(cycle)).containsExactly(tenants, pending, refused);
        }
    }

    @Test
    void apiMinutesRoundTripWithinTheHalfOpenRangeAndReplaceTheSameMinute() throws IOException {
        Instant m0 = Instant.parse("2026-11-27T08:00:00Z");
        ApiMinuteRow userItems = new ApiMinuteRow(m0, "/user-items", 120, 2, 7, 3.5, 40.25, 61);
        ApiMinuteRow similar = new ApiMinuteRow(m0, "/similar-items", 30, 0, 0, 1.5, 9, 12);
        ApiMinuteRow idle = new ApiMinuteRow(m0.plusSeconds(60), "/user-items", 0, 0, 0, Double.NaN, Double.NaN,
                Double.NaN);
        ApiMinuteRow later = new ApiMinuteRow(m0.plusSeconds(120), "/user-items", 5, 0, 0, 2, 3, 4);
        try (History history = History.open(dbFile())) {
            history.recordApiMinutes(List.of(userItems, later, similar, idle));
            ApiMinuteRow corrected = new ApiMinuteRow(m0, "/user-items", 121, 2, 7, 3.5, 40.25, 61);
            history.recordApiMinutes(List.of(corrected));
            history.recordApiMinutes(List.of());

            List<ApiMinuteRow> back = history.apiMinutes(m0, m0.plusSeconds(120));
            assertThat(back).containsExactly(similar, corrected, idle);
            assertThat(back.get(2).p50Millis()).isNaN();
            assertThat(history.apiMinutes(m0.plusSeconds(60), m0.plusSeconds(180))).containsExactly(idle, later);
        }
    }

    @Test
    void pruneDropsOldMinutesAndEpochsButKeepsCyclesAndResults() throws IOException {
        Instant old = T0.minus(Duration.ofDays(100));
        Instant cutoff = T0.minus(Duration.ofDays(90));
        TenantResultRow result = TenantResultRow.withoutModel("0", TenantOutcome.FAILED, "bad export", "mf", 0, 0, 0);
        EpochRow epoch = new EpochRow("0", "final fit (adagrad 0.1, k=64)", 1, 0.5, 0.8, 0.1, 0.2, 100);
        try (History history = History.open(dbFile())) {
            long oldCycle = history.startCycle(old, CycleTrigger.SCHEDULE, "/srv/export");
            history.recordEpoch(oldCycle, epoch);
            history.recordTenant(oldCycle, result);
            history.finishCycle(oldCycle, old.plusSeconds(30), CycleOutcome.FAILED, "bad export");
            long newCycle = history.startCycle(T0, CycleTrigger.SCHEDULE, "/srv/export");
            history.recordEpoch(newCycle, epoch);
            ApiMinuteRow oldMinute = new ApiMinuteRow(old, "/user-items", 1, 0, 0, 1, 1, 1);
            ApiMinuteRow newMinute = new ApiMinuteRow(T0, "/user-items", 2, 0, 0, 1, 1, 1);
            history.recordApiMinutes(List.of(oldMinute, newMinute));

            history.prune(cutoff);

            assertThat(history.cycleEpochs(oldCycle)).isEmpty();
            assertThat(history.cycleEpochs(newCycle)).containsExactly(epoch);
            assertThat(history.apiMinutes(Instant.EPOCH, T0.plusSeconds(60))).containsExactly(newMinute);
            assertThat(history.recentCycles(10)).extracting(CycleRow::id).containsExactly(newCycle, oldCycle);
            assertThat(history.tenantResults(oldCycle)).containsExactly(result);
        }
    }

    @Test
    void theExportTimeOfTheNewestCycleThatObtainedOneIsRemembered() throws IOException {
        try (History history = History.open(dbFile())) {
            assertThat(history.lastExportTime()).isEmpty();
            long first = history.startCycle(T0, CycleTrigger.STARTUP, "folder");
            history.recordExportTime(first, T0.minusSeconds(3600));
            long second = history.startCycle(T0.plusSeconds(60), CycleTrigger.EXPORT, "folder");
            history.recordExportTime(second, T0.minusSeconds(60));
            history.startCycle(T0.plusSeconds(120), CycleTrigger.SCHEDULE, "folder");
        }
        try (History reopened = History.open(dbFile())) {
            assertThat(reopened.lastExportTime()).contains(T0.minusSeconds(60));
            assertThat(reopened.recentCycles(1).get(0).trigger()).isEqualTo(CycleTrigger.SCHEDULE);
        }
    }

    @Test
    void aFileOfSchemaOneGainsTheExportTimeAndKeepsItsCycles() throws Exception {
        Files.createDirectories(dbFile().getParent());
        try (HistoryDatabase old = HistoryDatabase.open(dbFile())) {
            HistorySchema.migrate(old, 1);
            old.update("insert a cycle", "INSERT INTO cycles (started, triggered_by, source, outcome, message)"
                    + " VALUES (?, 'startup', 'folder', 'running', '')", ps -> ps.setLong(1, T0.toEpochMilli()));
        }
        assertThat(pragma(dbFile(), "user_version")).isEqualTo("1");
        assertThat(columns(dbFile(), "cycles")).doesNotContain("export_time");

        try (History migrated = History.open(dbFile())) {
            assertThat(migrated.schemaVersion()).isEqualTo(History.SCHEMA_VERSION);
            assertThat(migrated.recentCycles(10)).hasSize(1);
            assertThat(migrated.lastExportTime()).isEmpty();
        }
    }

    @Test
    void aFileOfSchemaTwoGainsEasesColumnsAndKeepsItsResults() throws Exception {
        // a history file as the previous version wrote it: its tables, and a row inserted by its statement
        Files.createDirectories(dbFile().getParent());
        try (HistoryDatabase old = HistoryDatabase.open(dbFile())) {
            HistorySchema.migrate(old, 2);
            old.update("insert a cycle", "INSERT INTO cycles (id, started, finished, triggered_by, source, outcome,"
                    + " message, export_time) VALUES (7, ?, ?, 'schedule', '/srv/export', 'ok', '1 tenant trained',"
                    + " ?)", ps -> {
                        ps.setLong(1, T0.toEpochMilli());
                        ps.setLong(2, T0.plusSeconds(90).toEpochMilli());
                        ps.setLong(3, T0.minusSeconds(600).toEpochMilli());
                    });
            old.update("insert a tenant result", """
                    INSERT INTO tenant_results (cycle_id, tenant, outcome, message, algorithm, users, items,
                        interactions, epochs, components, auc, precision10, recall10, popularity_precision10,
                        training_millis, hyper_parameters, model_file)
                    VALUES (7, '0', 'trained', 'trained', 'hybrid', 500, 120, 9000, 12, 64, 0.91, 0.21, 0.35, 0.12,
                        5432, 'adagrad 0.05, k=64', 'model-20261127T080000Z.mlm')""", ps -> { });
        }
        assertThat(pragma(dbFile(), "user_version")).isEqualTo("2");
        assertThat(columns(dbFile(), "tenant_results")).contains("popularity_precision10")
                .doesNotContain("ease_auc", "ease_precision10", "ease_recall10");

        try (History migrated = History.open(dbFile())) {
            assertThat(migrated.schemaVersion()).isEqualTo(3);
            assertThat(migrated.recentCycles(10)).extracting(CycleRow::id).containsExactly(7L);
            assertThat(migrated.lastExportTime()).contains(T0.minusSeconds(600));
            List<TenantResultRow> kept = migrated.tenantResults(7);
            assertThat(kept).hasSize(1);
            TenantResultRow row = kept.get(0);
            assertThat(row.tenant()).isEqualTo("0");
            assertThat(row.outcome()).isEqualTo(TenantOutcome.TRAINED);
            assertThat(row.users()).isEqualTo(500);
            assertThat(row.auc()).isEqualTo(0.91);
            assertThat(row.precision10()).isEqualTo(0.21);
            assertThat(row.recall10()).isEqualTo(0.35);
            assertThat(row.popularityPrecision10()).isEqualTo(0.12);
            assertThat(row.trainingMillis()).isEqualTo(5432);
            assertThat(row.hyperParameters()).isEqualTo("adagrad 0.05, k=64");
            assertThat(row.modelFile()).isEqualTo("model-20261127T080000Z.mlm");
            assertThat(row.easeAuc()).isNaN();
            assertThat(row.easePrecision10()).isNaN();
            assertThat(row.easeRecall10()).isNaN();
            assertThat(row.easeMeasured()).as("recorded before the history kept EASE^R").isFalse();

            long next = migrated.startCycle(T0.plusSeconds(3600), CycleTrigger.MANUAL, "/srv/export");
            TenantResultRow measured = new TenantResultRow("0", TenantOutcome.TRAINED, "trained", "hybrid", 500, 120,
                    9000, 12, 64, 0.92, 0.22, 0.36, 0.12, 0.9, 0.24, 0.38, 4000, "adagrad 0.05, k=64", "m.mlm");
            migrated.recordTenant(next, measured);
            assertThat(migrated.tenantResults(next)).containsExactly(measured);
        }
        assertThat(pragma(dbFile(), "user_version")).isEqualTo("3");
        assertThat(columns(dbFile(), "tenant_results")).contains("ease_auc", "ease_precision10", "ease_recall10");
    }

    @Test
    void aNewerSchemaIsRefusedWithAClearMessage() throws Exception {
        try (History ignored = History.open(dbFile())) {
            assertThat(ignored.schemaVersion()).isEqualTo(3);
        }
        execute(dbFile(), "PRAGMA user_version = 4");

        assertThatThrownBy(() -> History.open(dbFile()))
                .isInstanceOf(IOException.class)
                .hasMessage("history.db was written by a newer version (schema 4, this program knows 3)");
        assertThat(pragma(dbFile(), "user_version")).isEqualTo("4");
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedNamingTheFile() throws IOException {
        Path file = dir.resolve("history.db");
        Files.writeString(file, "TIMESTAMP,ALGORITHM\n" + "x".repeat(5000), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> History.open(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("not a readable SQLite database");
    }

    @Test
    void wrongValuesAreRefusedWithTheirName() throws IOException {
        try (History history = History.open(dbFile())) {
            assertThatThrownBy(() -> CycleTrigger.of("cron"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown cycle trigger 'cron'");
            long id = history.startCycle(T0, CycleTrigger.MANUAL, "/srv/export");
            assertThatThrownBy(() -> history.finishCycle(id, T0, CycleOutcome.RUNNING, ""))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> history.finishCycle(id + 7, T0, CycleOutcome.OK, ""))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no cycle " + (id + 7));
            TenantResultRow row = TenantResultRow.withoutModel("0", TenantOutcome.FAILED, "x", "mf", 0, 0, 0);
            assertThatThrownBy(() -> history.recordTenant(id + 7, row))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("history.db");
        }
    }

    @Test
    void manyEpochsComeBackInOrder() throws IOException {
        try (History history = History.open(dbFile())) {
            long cycle = history.startCycle(T0, CycleTrigger.SCHEDULE, "/srv/export");
            IntStream.rangeClosed(1, 300).forEach(e -> history.recordEpoch(cycle,
                    new EpochRow("0", "candidate 1 (adagrad 0.1, k=32)", e, 1.0 / e, 0.5, 0.1, 0.1, e * 10L)));
            assertThat(history.cycleEpochs(cycle)).hasSize(300)
                    .extracting(EpochRow::epoch).startsWith(1, 2, 3).endsWith(299, 300);
        }
    }

    /** A tenant's epochs in a cycle, picked from the cycle's as the console's drill-down does. */
    private static List<EpochRow> epochsOf(History history, long cycle, String tenant) {
        return history.cycleEpochs(cycle).stream().filter(e -> e.tenant().equals(tenant)).toList();
    }

    private static String pragma(Path file, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> columns(Path file, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM pragma_table_info('" + table + "')")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    private static void execute(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int nullCount(Path file, String select) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(select)) {
            int nulls = 0;
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    rs.getObject(i);
                    nulls += rs.wasNull() ? 1 : 0;
                }
            }
            return nulls;
        }
    }
}
