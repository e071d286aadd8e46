package io.mlservice.faults;

import io.mlservice.service.SignedClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a service serves after a good training, as Totara and an administrator see it: one {@code /user-items}
 * answer and the model file it came from. A fault may not change either.
 *
 * @param request  a signed {@code /user-items} request for a user of the export
 * @param answer   the service's answer to it from the good model
 * @param fileName the model file the good training wrote
 * @param summaryRows the lines of {@code train_summary.log} then
 */
record LastGoodModel(String request, String answer, String fileName, long summaryRows) {
    static final Duration FIRST_CYCLE_LIMIT = Duration.ofMinutes(4);

    /** Waits for the service's first cycle to end well, then records its answer and its model file. */
    static LastGoodModel afterFirstCycle(RunningService service, String user) throws Exception {
        HistoryFile history = service.history();
        service.until("the first training cycle ended", () -> history.ended(1), FIRST_CYCLE_LIMIT);
        assertThat(history.cycle(1).orElseThrow().outcome()).as("the first cycle, on a good export").isEqualTo("ok");
        List<Path> files = service.modelFiles();
        assertThat(files).as("model files after the first cycle").hasSize(1);
        String request = "/user-items?totara_user_id=" + user + "&item_type=engage_article&tenant=0&n_items=5";
        // The very first answer of a fresh JVM on a busy machine may miss the 2 s budget: that is no fault yet.
        service.until("a first answer to /user-items", () -> answers(service, request), Duration.ofSeconds(30));
        SignedClient.Answer answer = service.client().get(request);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("success").asBoolean()).as(answer.body()).isTrue();
        assertThat(answer.json().get("items")).as(answer.body()).hasSize(5);
        return new LastGoodModel(request, answer.body(), files.get(0).getFileName().toString(),
                rows(service.trainSummary()));
    }

    private static boolean answers(RunningService service, String request) throws InterruptedException {
        try {
            return service.client().get(request).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code train_summary.log} has a row more than after the good training. */
    void summaryRowAdded(RunningService service) throws IOException {
        assertThat(rows(service.trainSummary())).as("rows of train_summary.log after the good training (%d)",
                summaryRows).isGreaterThan(summaryRows);
    }

    private static long rows(String text) {
        return text.lines().filter(l -> !l.isBlank()).count();
    }

    /** Totara's question gets the same answer as before, within its 2 s budget. */
    void stillServedBy(RunningService service) throws Exception {
        long start = System.nanoTime();
        SignedClient.Answer now = service.client().get(request);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(now.status()).as("/user-items status").isEqualTo(200);
        assertThat(now.body()).as("/user-items, answered from the last good model").isEqualTo(answer);
        assertThat(took).as("/user-items answer time").isLessThan(Duration.ofSeconds(2));
    }

    /** The good model's file is still in the models folder and reads in full. */
    void stillOnDisk(RunningService service) {
        Path file = service.models().resolve(fileName);
        assertThat(Files.exists(file)).as("the last good model file " + fileName + " is still there").isTrue();
        assertThat(RunningService.readable(file)).as(fileName + " still reads in full").isTrue();
    }

    /**
     * The cycle ended as failed and the next one is a retry due within minutes (the regular schedule of these
     * tests is a day away).
     */
    static void failedAndRetrySoon(RunningService service, long cycle) throws Exception {
        HistoryFile.Cycle row = service.history().cycle(cycle).orElseThrow();
        assertThat(row.outcome()).as("cycle %d's outcome in history.db (%s)", cycle, row.message())
                .isEqualTo("failed");
        assertThat(row.finished()).as("cycle %d's end in history.db", cycle).isNotNull();
        // The history records the end of a cycle just before the service plans the next one.
        service.until("the home page shows the next training", () -> service.nextTraining().isPresent(),
                Duration.ofSeconds(10));
        Instant next = service.nextTraining().orElseThrow();
        assertThat(next).as("the next training after failed cycle %d", cycle)
                .isAfter(row.finished().minusSeconds(1))
                .isBefore(row.finished().plus(Duration.ofMinutes(5)));
    }
}
