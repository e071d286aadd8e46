package io.mlservice.totara.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlservice.totara.demo.DemoExportGenerator.Spec;
import io.mlservice.totara.demo.DemoExportGenerator.Statistics;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoExportGeneratorTest {
    private static final Spec SINGLE = new Spec(400, 250, 6_000, 1, 7);
    private static final Spec MULTI = new Spec(301, 200, 3_001, 3, 5);
    private static final List<String> COMPONENTS = List.of("container_course", "container_workspace",
            "engage_article", "engage_microlearning", "totara_playlist");

    @TempDir
    static Path root;
    private static ExportFiles single;
    private static ExportFiles multi;
    private static Statistics singleStatistics;

    @BeforeAll
    static void writeExports() throws IOException {
        singleStatistics = new DemoExportGenerator(SINGLE).write(root.resolve("single"));
        single = new ExportFiles(root.resolve("single"));
        new DemoExportGenerator(MULTI).write(root.resolve("multi"));
        multi = new ExportFiles(root.resolve("multi"));
    }

    @Test
    void sameSpecWritesIdenticalBytes(@TempDir Path again) throws IOException {
        new DemoExportGenerator(SINGLE).write(again);

        for (Path file : files(single.folder())) {
            assertThat(again.resolve(file.getFileName())).hasSameBinaryContentAs(file);
        }
    }

    @Test
    void anEarlierExportIsTheOldestRowsWithoutWhatOnlyTheNewestBring(@TempDir Path earlier) throws IOException {
        new DemoExportGenerator(SINGLE.withTenants(3)).write(earlier.resolve("now"));
        new DemoExportGenerator(SINGLE.withTenants(3)).write(earlier.resolve("then"), 0.6);
        ExportFiles now = new ExportFiles(earlier.resolve("now"));
        ExportFiles then = new ExportFiles(earlier.resolve("then"));

        for (String t : now.tenants()) {
            List<List<String>> all = now.interactions(t).stream().map(CSVRecord::toList).toList();
            int kept = all.size() - (int) Math.round(all.size() * 0.6);
            assertThat(then.interactions(t).stream().map(CSVRecord::toList).toList())
                    .isEqualTo(all.subList(0, kept));
            Set<String> oldUsers = column(all.subList(0, kept), 0);
            Set<String> newUsers = column(all.subList(kept, all.size()), 0);
            newUsers.removeAll(oldUsers);
            Set<String> oldItems = column(all.subList(0, kept), 1);
            Set<String> newItems = column(all.subList(kept, all.size()), 1);
            newItems.removeAll(oldItems);
            assertThat(newUsers).as("some users only the newest rows bring").isNotEmpty();
            assertThat(then.users(t).stream().map(CSVRecord::toList).toList()).isEqualTo(now.users(t).stream()
                    .map(CSVRecord::toList).filter(r -> !newUsers.contains(r.get(0))).toList());
            assertThat(then.items(t).stream().map(CSVRecord::toList).toList()).isEqualTo(now.items(t).stream()
                    .map(CSVRecord::toList).filter(r -> !newItems.contains(r.get(0))).toList());
        }
    }

    private static Set<String> column(List<List<String>> rows, int c) {
        Set<String> out = new HashSet<>();
        rows.forEach(r -> out.add(r.get(c)));
        return out;
    }

    @Test
    void anotherSeedWritesOtherData(@TempDir Path other) throws IOException {
        new DemoExportGenerator(SINGLE.withSeed(8)).write(other);

        for (String file : List.of("user_interactions_0.csv", "user_data_0.csv", "item_data_0.csv")) {
            assertThat(Files.mismatch(other.resolve(file), single.folder().resolve(file))).isNotNegative();
        }
    }

    @Test
    void headersAreTotaras() {
        assertThat(single.header("tenants.csv")).containsExactly("tenants");
        assertThat(single.header("user_interactions_0.csv"))
                .containsExactly("user_id", "item_id", "rating", "timestamp");
        assertThat(single.header("user_data_0.csv")).containsExactly("user_id", "lang", "city", "country",
                "interests", "asp_position", "positions", "organisations", "competencies_scale", "badges",
                "description");
        List<String> items = single.header("item_data_0.csv");
        assertThat(items.subList(0, 6)).containsExactly(Stream.concat(Stream.of("item_id"), COMPONENTS.stream())
                .toArray(String[]::new));
        assertThat(items.get(items.size() - 1)).isEqualTo("document");
        assertThat(items.subList(6, items.size() - 1)).hasSize(30).doesNotHaveDuplicates()
                .allMatch(c -> c.matches("topic_[A-Za-z]+"));
    }

    @Test
    void filesAreUtf8WithLfLineEndsAndFputcsvQuoting() throws IOException {
        for (Path file : files(single.folder())) {
            byte[] bytes = Files.readAllBytes(file);
            String text = strictUtf8(bytes);

            assertThat(text).doesNotContain("\r").endsWith("\n");
            assertThat(rewritten(file)).as("%s rewritten field by field", file.getFileName()).isEqualTo(text);
        }
    }

    @Test
    void rowCountsMatchTheSpec() {
        assertThat(single.tenants()).containsExactly("0");
        assertThat(single.users("0")).hasSize(SINGLE.users());
        assertThat(single.items("0")).hasSize(SINGLE.items());
        assertThat(single.interactions("0")).hasSize(SINGLE.interactions());
        assertThat(singleStatistics.rowsPerFile()).containsExactly(Map.entry("tenants.csv", 1L),
                Map.entry("item_data_0.csv", 250L), Map.entry("user_data_0.csv", 400L),
                Map.entry("user_interactions_0.csv", 6_000L));
        assertThat(singleStatistics.summary()).contains("400 users", "250 items", "6,000 interactions", "seed 7");
    }

    @Test
    void tenantsShareTheSizesAndAreNumberedFromOne() {
        assertThat(multi.tenants()).containsExactly("1", "2", "3");
        assertThat(multi.tenants().stream().mapToInt(t -> multi.users(t).size()).sum()).isEqualTo(MULTI.users());
        assertThat(multi.tenants().stream().mapToInt(t -> multi.items(t).size()).sum()).isEqualTo(MULTI.items());
        assertThat(multi.tenants().stream().mapToInt(t -> multi.interactions(t).size()).sum())
                .isEqualTo(MULTI.interactions());
        for (String t : multi.tenants()) {
            assertThat(multi.interactions(t).size()).isBetween(MULTI.interactions() / 3, MULTI.interactions() / 3 + 1);
        }
    }

    @Test
    void idsAreUniqueAcrossTheSite() {
        Set<String> users = new HashSet<>();
        Set<String> items = new HashSet<>();
        for (String t : multi.tenants()) {
            multi.users(t).forEach(u -> assertThat(users.add(u.get("user_id"))).as("user %s", u.get(0)).isTrue());
            multi.items(t).forEach(i -> assertThat(items.add(i.get("item_id"))).as("item %s", i.get(0)).isTrue());
        }
        // articles and microlearning are both engage resources: one numbering for the two
        Set<String> resourceNumbers = new HashSet<>();
        items.stream().filter(i -> i.startsWith("engage_"))
                .forEach(i -> assertThat(resourceNumbers.add(i.replaceAll("\\D", ""))).as(i).isTrue());
    }

    @Test
    void interactionsReferToUsersAndItemsOfTheirTenant() {
        for (ExportFiles export : List.of(single, multi)) {
            for (String t : export.tenants()) {
                List<CSVRecord> interactions = export.interactions(t);

                assertThat(column(interactions, "user_id")).isSubsetOf(column(export.users(t), "user_id"));
                assertThat(column(interactions, "item_id")).isSubsetOf(column(export.items(t), "item_id"));
            }
        }
    }

    @Test
    void eachItemHasTheOneComponentOfItsId() {
        for (CSVRecord item : single.items("0")) {
            List<String> hot = COMPONENTS.stream().filter(c -> item.get(c).equals("1")).toList();

            assertThat(hot).hasSize(1);
            assertThat(item.get("item_id")).matches(hot.get(0) + "[1-9][0-9]*");
            assertThat(COMPONENTS).allMatch(c -> item.get(c).matches("[01]"));
            assertThat(item.toList().subList(6, item.size() - 1)).allMatch(v -> v.matches("[01]"));
            assertThat(item.get("document")).isNotBlank();
        }
    }

    @Test
    void componentsAreMostlyArticlesAndCourses() {
        Map<String, Integer> counts = new HashMap<>();
        single.items("0").forEach(i -> counts.merge(i.get("item_id").replaceAll("\\d", ""), 1, Integer::sum));

        assertThat(counts).containsOnlyKeys(COMPONENTS);
        assertThat(counts.get("engage_article") + counts.get("container_course")).isGreaterThan(SINGLE.items() / 2);
    }

    @Test
    void interactionsRunForwardOverTheLastYear() {
        long previous = InteractionStream.END - InteractionStream.SPAN;
        for (CSVRecord r : single.interactions("0")) {
            long timestamp = Long.parseLong(r.get("timestamp"));

            assertThat(timestamp).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(InteractionStream.END);
            previous = timestamp;
        }
    }

    @Test
    void ratingsAndRepeatsAreLikeTotaras() {
        List<CSVRecord> rows = single.interactions("0");
        Set<String> pairs = new HashSet<>();
        int positives = 0;
        int repeats = 0;
        for (CSVRecord r : rows) {
            boolean repeat = !pairs.add(r.get("user_id") + "/" + r.get("item_id"));
            int rating = Integer.parseInt(r.get("rating"));
            positives += rating;
            repeats += repeat ? 1 : 0;

            assertThat(rating).isBetween(0, 1);
            if (repeat || r.get("item_id").startsWith("container_course")) {
                // more than one interaction, or a self-enrolment
                assertThat(rating).as(r.toString()).isEqualTo(1);
            }
        }

        assertThat(positives / (double) rows.size()).isBetween(0.2, 0.4);
        assertThat(repeats / (double) rows.size()).isBetween(0.005, 0.08);
        assertThat(singleStatistics.repeatedInteractions()).isEqualTo(repeats);
        assertThat(singleStatistics.positiveInteractions()).isEqualTo(positives);
    }

    @Test
    void noInteractionsStillWritesEveryFile(@TempDir Path folder) throws IOException {
        Statistics statistics = new DemoExportGenerator(new Spec(12, 12, 0, 1, 1)).write(folder);

        assertThat(new ExportFiles(folder).interactions("0")).isEmpty();
        assertThat(statistics.interactions()).isZero();
        assertThat(statistics.users()).isEqualTo(12);
    }

    @Test
    void presetsHaveTheAdvertisedSizes() {
        assertThat(Spec.toy()).isEqualTo(new Spec(60, 40, 600, 1, 42));
        assertThat(Spec.small().interactions()).isEqualTo(10_000);
        assertThat(Spec.medium().interactions()).isEqualTo(100_000);
        assertThat(Spec.large().interactions()).isEqualTo(1_000_000);
        assertThat(Spec.large().items()).isEqualTo(20_000);
        assertThat(Spec.toy().withTenants(3).tenantIds()).containsExactly("1", "2", "3");
    }

    @Test
    void rejectsSizesNoTenantCanHave() {
        assertThatThrownBy(() -> new Spec(10, 10, 10, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Spec(2, 10, 10, 3, 1)).hasMessageContaining("every tenant");
        assertThatThrownBy(() -> new Spec(10, 2, 10, 3, 1)).hasMessageContaining("every tenant");
        assertThatThrownBy(() -> new Spec(10, 10, -1, 1, 1)).hasMessageContaining("negative");
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            List<Path> files = new ArrayList<>(list.sorted().toList());
            assertThat(files).hasSize(4);
            return files;
        }
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    /** The file parsed and written again with fputcsv's rules: equal only if every field was quoted minimally. */
    private static String rewritten(Path file) throws IOException {
        ExportFiles export = new ExportFiles(file.getParent());
        StringWriter text = new StringWriter();
        try (FputcsvWriter out = new FputcsvWriter(text)) {
            out.row(export.header(file.getFileName().toString()));
            for (CSVRecord r : export.records(file.getFileName().toString())) {
                out.row(r.toList());
            }
        }
        return text.toString();
    }

    private static Set<String> column(List<CSVRecord> records, String name) {
        Set<String> values = new HashSet<>();
        records.forEach(r -> values.add(r.get(name)));
        return values;
    }
}
