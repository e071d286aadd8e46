package io.mlservice.history;

import io.mlservice.history.TrainSummaryLog.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** train_summary.log on real files, in a time zone far from UTC so local times are visibly local. */
class TrainSummaryLogTest {
    private static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");
    private static final Instant CYCLE = LocalDateTime.parse("2026-11-27T08:15:03").atZone(ZONE).toInstant();
    private static final String INSUFFICIENT = "The model for tenant 3 is not trained, probably for insufficient data";

    @TempDir
    Path logs;

    private TrainSummaryLog log() {
        return new TrainSummaryLog(logs, ZONE);
    }

    @Test
    void writesTheOriginalHeaderAndLocalTimestamps() throws IOException {
        TrainSummaryLog log = log();
        assertThat(log.exists()).isFalse();
        assertThat(log.rows()).isEmpty();

        log.append(List.of(
                new Row(CYCLE.plusMillis(700), "hybrid", "0", "trained", 12, 64, 0.913249),
                new Row(CYCLE, "hybrid", "3", INSUFFICIENT, null, null, null)));

        assertThat(log.exists()).isTrue();
        assertThat(Files.readAllLines(logs.resolve("train_summary.log"))).containsExactly(
                "TIMESTAMP,ALGORITHM,TENANT_ID,MSG,EPOCHS,N_EMBEDDINGS,SCORE",
                "2026-11-27 08:15:03,hybrid,0,trained,12,64,0.9132",
                "2026-11-27 08:15:03,hybrid,3,\"" + INSUFFICIENT + "\",,,");
    }

    @Test
    void rowsReadBackAsWritten() throws IOException {
        Row trained = new Row(CYCLE, "mf", "0", "trained", 8, 32, 0.9132);
        Row failed = Row.downloadFailed(CYCLE.plusSeconds(3600), "mf", "Totara answered 503");
        log().append(List.of(trained));
        log().append(List.of(failed));

        assertThat(log().rows()).containsExactly(trained, failed);
        assertThat(failed.tenant()).isEqualTo("all");
    }

    @Test
    void keepsOnlyTheLast100RowsInOrder() throws IOException {
        List<Row> rows = IntStream.range(0, 130)
                .mapToObj(i -> new Row(CYCLE.plusSeconds(i), "hybrid", String.valueOf(i), "trained", 5, 16, 0.5))
                .toList();
        TrainSummaryLog log = log();
        log.append(rows.subList(0, 70));
        log.append(rows.subList(70, 130));

        assertThat(log.rows()).containsExactlyElementsOf(rows.subList(30, 130));
        assertThat(Files.readAllLines(log.file())).hasSize(101);
    }

    @Test
    void quotesMessagesWithCommasQuotesAndLineBreaks() throws IOException {
        String message = "kept the previous model: AUC 0.51, below the \"floor\" of 0.55";
        Row kept = new Row(CYCLE, "partial", "7", message, null, null, null);
        Row multiLine = new Row(CYCLE, "partial", "8", "failed: line one\nline two", null, null, null);
        log().append(List.of(kept, multiLine));

        assertThat(Files.readAllLines(log().file())).contains(
                "2026-11-27 08:15:03,partial,7,\"kept the previous model: AUC 0.51, below the \"\"floor\"\" of 0.55\",,,",
                "2026-11-27 08:15:03,partial,8,failed: line one line two,,,");
        assertThat(log().rows()).extracting(Row::message).containsExactly(message, "failed: line one line two");
    }

    @Test
    void readsAFileInTheOriginalsFormatAndKeepsItsRowsOnAppend() throws IOException {
        Files.writeString(logs.resolve("train_summary.log"), """
                TIMESTAMP,ALGORITHM,TENANT_ID,MSG,EPOCHS,N_EMBEDDINGS,SCORE\r
                2026-11-25 08:15:03.512345,hybrid,0,trained,10.0,64,0.87654321\r
                2026-11-25 08:15:03,hybrid,3,"The model for tenant 3 is not trained, probably for insufficient data",None,None,None\r
                this line is not a row\r
                2026-11-26T08:15:03,hybrid,all,"Could not download the data",,,\r
                """, StandardCharsets.UTF_8);
        Instant first = LocalDateTime.parse("2026-11-25T08:15:03").atZone(ZONE).toInstant();
        Instant second = LocalDateTime.parse("2026-11-26T08:15:03").atZone(ZONE).toInstant();
        List<Row> original = List.of(
                new Row(first, "hybrid", "0", "trained", 10, 64, 0.87654321),
                new Row(first, "hybrid", "3", INSUFFICIENT, null, null, null),
                new Row(second, "hybrid", "all", "Could not download the data", null, null, null));

        assertThat(log().rows()).containsExactlyElementsOf(original);

        Row ours = new Row(CYCLE, "hybrid", "0", "trained", 12, 64, 0.9);
        log().append(List.of(ours));
        Row rewritten = new Row(first, "hybrid", "0", "trained", 10, 64, 0.8765);
        assertThat(log().rows()).containsExactly(rewritten, original.get(1), original.get(2), ours);
        assertThat(Files.readAllLines(log().file()).get(1)).isEqualTo("2026-11-25 08:15:03,hybrid,0,trained,10,64,0.8765");
    }

    @Test
    void aFileWithAnotherHeaderIsRefusedOnReadAndSetAsideOnAppend() throws IOException {
        Path file = logs.resolve("train_summary.log");
        Files.writeString(file, "when,what\n1,2\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> log().rows())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("TIMESTAMP,ALGORITHM,TENANT_ID,MSG,EPOCHS,N_EMBEDDINGS,SCORE");
        assertThat(log().lastSummary()).isEmpty();

        Row row = new Row(CYCLE, "mf", "0", "trained", 3, 8, 0.7);
        log().append(List.of(row));
        assertThat(log().rows()).containsExactly(row);
        assertThat(logs.resolve("train_summary.log.unreadable")).hasContent("when,what\n1,2\n");
    }

    @Test
    void writingLeavesNoTemporaryFiles() throws IOException {
        TrainSummaryLog log = log();
        for (int cycle = 0; cycle < 5; cycle++) {
            log.append(List.of(new Row(CYCLE.plusSeconds(cycle * 60L), "mf", "0", "trained", 3, 8, 0.7)));
        }
        try (Stream<Path> files = Files.list(logs)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("train_summary.log");
        }
    }

    @Test
    void createsTheLogsFolderWhenMissing() throws IOException {
        TrainSummaryLog log = new TrainSummaryLog(logs.resolve("data/logs"), ZONE);
        log.append(List.of(new Row(CYCLE, "mf", "0", "trained", 3, 8, 0.7)));
        assertThat(log.rows()).hasSize(1);
    }

    @Test
    void lastSummaryDescribesTheRowsOfTheNewestCycle() throws IOException {
        TrainSummaryLog log = log();
        assertThat(log.lastSummary()).isEmpty();
        log.append(List.of(new Row(CYCLE.minusSeconds(86_400), "hybrid", "0", "trained", 9, 32, 0.8)));
        log.append(List.of(
                new Row(CYCLE, "hybrid", "0", "trained", 12, 64, 0.91321),
                new Row(CYCLE, "hybrid", "3", INSUFFICIENT, null, null, null),
                new Row(CYCLE, "hybrid", "5", "kept the previous model: AUC below the floor", null, null, null)));

        assertThat(log.lastSummary()).contains("2026-11-27 08:15:03 hybrid: "
                + "tenant 0 trained (AUC 0.9132, 12 epochs, 64 components); "
                + "tenant 3 not trained, probably for insufficient data; "
                + "tenant 5 kept the previous model: AUC below the floor");

        log.append(List.of(Row.downloadFailed(CYCLE.plusSeconds(3600), "hybrid", "Totara answered 503")));
        assertThat(log.lastSummary()).contains("2026-11-27 09:15:03 hybrid: all tenants: Totara answered 503");
    }

    @Test
    void rowsFromTenantResultsUseTheOriginalsWords() {
        TenantResultRow trained = new TenantResultRow("0", TenantOutcome.TRAINED, "", "hybrid", 10, 10, 100, 12, 64, 0.9, 0.2,
                0.3, 0.1, 0.88, 0.19, 0.28, 1000, "adagrad", "model.mlm");
        TenantResultRow kept = new TenantResultRow("1", TenantOutcome.KEPT, "AUC 0.52 below the floor", "hybrid", 10, 10, 100,
                12, 64, 0.52, 0.2, 0.3, 0.1, Double.NaN, Double.NaN, Double.NaN, 1000, "adagrad", null);
        TenantResultRow insufficient = TenantResultRow.withoutModel("3", TenantOutcome.INSUFFICIENT, "", "hybrid", 1, 1, 1);
        TenantResultRow failed = TenantResultRow.withoutModel("4", TenantOutcome.FAILED, "out of memory", "hybrid", 1, 1, 1);

        assertThat(Row.of(CYCLE, trained)).isEqualTo(new Row(CYCLE, "hybrid", "0", "trained", 12, 64, 0.9));
        assertThat(Row.of(CYCLE, kept)).isEqualTo(
                new Row(CYCLE, "hybrid", "1", "kept the previous model: AUC 0.52 below the floor", null, null, null));
        assertThat(Row.of(CYCLE, insufficient)).isEqualTo(
                new Row(CYCLE, "hybrid", "3", INSUFFICIENT, null, null, null));
        assertThat(Row.of(CYCLE, failed)).isEqualTo(
                new Row(CYCLE, "hybrid", "4", "failed: out of memory", null, null, null));
    }
}
