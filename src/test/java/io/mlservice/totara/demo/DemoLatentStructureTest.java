package io.mlservice.totara.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlservice.totara.demo.DemoExportGenerator.Spec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hidden groups must come through in the files, or a recommender has nothing to learn beyond popularity. */
class DemoLatentStructureTest {
    private static final Spec SPEC = new Spec(600, 400, 6_000, 1, 11);

    @TempDir
    static Path folder;
    private static DemoExportGenerator generator;
    private static TenantPlan tenant;
    private static ExportFiles export;
    private static Map<String, TenantPlan.Item> itemsById;
    private static Map<String, TenantPlan.User> usersById;

    @BeforeAll
    static void writeExport() throws IOException {
        generator = new DemoExportGenerator(SPEC);
        generator.write(folder);
        export = new ExportFiles(folder);
        tenant = generator.tenants().get(0);
        itemsById = tenant.items().stream().collect(Collectors.toMap(TenantPlan.Item::itemId, Function.identity()));
        usersById = tenant.users().stream()
                .collect(Collectors.toMap(u -> Long.toString(u.userId()), Function.identity()));
    }

    @Test
    void modelIsTheFilesInFileOrder() {
        assertThat(export.items("0").stream().map(r -> r.get("item_id")).toList())
                .isEqualTo(tenant.items().stream().map(TenantPlan.Item::itemId).toList());
        assertThat(export.users("0").stream().map(r -> r.get("user_id")).toList())
                .isEqualTo(tenant.users().stream().map(u -> Long.toString(u.userId())).toList());
    }

    @Test
    void usersInteractMostlyWithItemsOfTheirOwnGroup() {
        List<CSVRecord> rows = export.interactions("0");
        int groups = generator.site().groups();
        double[] userShare = new double[groups];
        double[] itemShare = new double[groups];
        int same = 0;
        for (CSVRecord r : rows) {
            int userGroup = usersById.get(r.get("user_id")).primaryGroup();
            int itemGroup = itemsById.get(r.get("item_id")).group();
            userShare[userGroup] += 1.0 / rows.size();
            itemShare[itemGroup] += 1.0 / rows.size();
            same += userGroup == itemGroup ? 1 : 0;
        }
        // what the share would be if users picked items regardless of their group
        double chance = 0;
        for (int g = 0; g < groups; g++) {
            chance += userShare[g] * itemShare[g];
        }

        double observed = same / (double) rows.size();
        assertThat(observed).isGreaterThan(0.5).isGreaterThan(3 * chance);
    }

    @Test
    void popularityAndActivityAreLongTailed() {
        List<CSVRecord> rows = export.interactions("0");

        assertThat(topTenthShare(rows, "item_id", SPEC.items())).isGreaterThan(0.3);
        assertThat(topTenthShare(rows, "user_id", SPEC.users())).isGreaterThan(0.3);
    }

    @Test
    void itemTopicsFollowTheItemsGroup() {
        List<Site.Topic> topics = generator.site().topics();
        int tagged = 0;
        int inGroup = 0;
        for (CSVRecord r : export.items("0")) {
            int group = itemsById.get(r.get("item_id")).group();
            List<Site.Topic> set = topics.stream().filter(t -> r.get(t.column()).equals("1")).toList();
            tagged += set.isEmpty() ? 0 : 1;
            inGroup += set.stream().anyMatch(t -> t.group() == group) ? 1 : 0;
        }

        assertThat(tagged).isGreaterThan(SPEC.items() * 3 / 4);
        assertThat(inGroup).isGreaterThan(tagged * 8 / 10);
    }

    @Test
    void documentsUseTheirGroupsWords() {
        int matching = 0;
        for (CSVRecord r : export.items("0")) {
            int group = itemsById.get(r.get("item_id")).group();
            matching += mostUsedGroup(r.get("document")) == group ? 1 : 0;
        }

        assertThat(matching).isGreaterThan(SPEC.items() * 8 / 10);
    }

    @Test
    void profilesFollowTheUsersGroups() {
        Map<String, Integer> groupOfTag = generator.site().topics().stream()
                .collect(Collectors.toMap(t -> Long.toString(t.tagId()), Site.Topic::group));
        int interests = 0;
        int interestsInGroups = 0;
        int organisations = 0;
        int organisationsInGroup = 0;
        for (CSVRecord r : export.users("0")) {
            TenantPlan.User user = usersById.get(r.get("user_id"));
            for (String tag : ids(r.get("interests"))) {
                interests++;
                interestsInGroups += user.likes(groupOfTag.get(tag)) ? 1 : 0;
            }
            for (String organisation : ids(r.get("organisations"))) {
                int group = UserProfiles.groupOfOrganisation(Long.parseLong(organisation));
                organisations++;
                organisationsInGroup += group == user.primaryGroup() ? 1 : 0;
            }
        }

        // by chance, about one in five
        assertThat(interestsInGroups).isGreaterThan(interests * 7 / 10);
        assertThat(organisationsInGroup).isGreaterThan(organisations * 7 / 10);
    }

    @Test
    void textsGiveTheCleaningSomethingToDo() {
        List<String> documents = export.items("0").stream().map(r -> r.get("document")).toList();
        List<CSVRecord> users = export.users("0");
        List<String> free = users.stream().flatMap(r -> List.of(r.get("city"), r.get("description")).stream())
                .toList();

        assertThat(documents).anyMatch(d -> d.contains("https://")).anyMatch(d -> d.contains("@example."))
                .anyMatch(d -> d.matches("(?s).*\\d.*")).anyMatch(d -> d.contains("\n"))
                .anyMatch(d -> d.contains(",") || d.contains("\"")).anyMatch(DemoLatentStructureTest::nonAscii);
        assertThat(free).anyMatch(DemoLatentStructureTest::nonAscii).anyMatch(String::isEmpty);
        assertThat(users).anyMatch(r -> !r.get("lang").startsWith("en"))
                .anyMatch(r -> r.get("competencies_scale").matches("\\d+:\\d+(\\|\\d+:\\d+)+"));
        assertThat(users.stream().filter(r -> r.get("lang").equals("en")).count()).isGreaterThan(users.size() / 2);
    }

    private static double topTenthShare(List<CSVRecord> rows, String column, int population) {
        Collection<Long> counts = rows.stream()
                .collect(Collectors.groupingBy(r -> r.get(column), Collectors.counting())).values();
        long top = counts.stream().sorted(Comparator.reverseOrder()).limit(population / 10)
                .mapToLong(Long::longValue).sum();
        return top / (double) rows.size();
    }

    /** The group whose words occur most often in the text, -1 on a tie. */
    private static int mostUsedGroup(String text) {
        List<String> words = Arrays.asList(text.toLowerCase(Locale.ROOT).split("[^a-z]+"));
        Map<Integer, Long> hits = new HashMap<>();
        for (int g = 0; g < Vocabulary.GROUPS.size(); g++) {
            List<String> own = Vocabulary.GROUPS.get(g).words();
            hits.put(g, words.stream().filter(own::contains).count());
        }
        long best = hits.values().stream().mapToLong(Long::longValue).max().orElse(0);
        List<Integer> winners = hits.entrySet().stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey)
                .toList();
        return winners.size() == 1 ? winners.get(0) : -1;
    }

    private static List<String> ids(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split("\\|"));
    }

    private static boolean nonAscii(String text) {
        return text.chars().anyMatch(c -> c > 127);
    }
}
