package io.mlservice.totara;

import static io.mlservice.totara.ExportFolder.INTERACTIONS;
import static io.mlservice.totara.ExportFolder.ITEMS;
import static io.mlservice.totara.ExportFolder.USERS;
import static io.mlservice.totara.ExportFolder.write;
import static io.mlservice.totara.ExportFolder.writeBytes;
import static io.mlservice.totara.ExportFolder.writeTenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.mlservice.totara.TenantExport.Interaction;
import io.mlservice.totara.TenantExport.Item;
import io.mlservice.totara.TenantExport.User;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportReaderTest {
    @TempDir
    Path folder;

    private final ExportReader reader = new ExportReader();

    @Test
    void readsTenantListInFileOrder() throws IOException {
        write(folder, "tenants.csv", "tenants\n7\n2\n10\n");

        assertThat(reader.readTenants(folder)).containsExactly("7", "2", "10");
    }

    @Test
    void absentTenantsFileMeansTenantZero() throws IOException {
        assertThat(reader.readTenants(folder)).containsExactly("0");
    }

    @Test
    void headerOnlyTenantsFileMeansNoTenants() throws IOException {
        write(folder, "tenants.csv", "tenants\n");

        assertThat(reader.readTenants(folder)).isEmpty();
    }

    @Test
    void readsTotara15UserDataWithListsCompetenciesAndQuotedText() throws IOException {
        writeTenant(folder);

        List<User> users = reader.readTenant(folder, "0").users();

        assertThat(users).extracting(User::userId).containsExactly("2", "3", "4");
        User first = users.get(0);
        assertThat(first.lang()).isEqualTo("en");
        assertThat(first.city()).isEqualTo("Wellington");
        assertThat(first.country()).isEqualTo("NZ");
        assertThat(first.interests()).containsExactly("3", "7");
        assertThat(first.aspPositions()).containsExactly("4");
        assertThat(first.positions()).containsExactly("5", "6");
        assertThat(first.organisations()).containsExactly("8");
        assertThat(first.competencies()).isEqualTo(Map.of("11", 2.0, "12", 0.5));
        assertThat(first.badges()).containsExactly("9");
        assertThat(first.description()).isEqualTo("Likes \"quotes\", commas\nand new lines");
        assertThat(users.get(1)).isEqualTo(new User("3", "fr", "", "FR", List.of(), List.of(), List.of(), List.of(),
                Map.of(), List.of(), ""));
    }

    @Test
    void readsTotara13UserDataWithOnlyIdAndLang() throws IOException {
        writeTenant(folder, "0", "user_id,lang\n2,en\n3,de\n4,en\n", ITEMS, INTERACTIONS);

        assertThat(reader.readTenant(folder, "0").users())
                .containsExactly(User.minimal("2", "en"), User.minimal("3", "de"), User.minimal("4", "en"));
    }

    @Test
    void readsItemComponentsTopicsAndDocuments() throws IOException {
        writeTenant(folder);

        TenantExport export = reader.readTenant(folder, "0");

        assertThat(export.topicNames()).containsExactly("leadership", "safety");
        assertThat(export.items()).containsExactly(
                new Item("container_course5", "container_course", List.of("leadership"),
                        "Course five, with \"quotes\"\nand a second line"),
                new Item("engage_article7", "engage_article", List.of("leadership", "safety"), "Article seven"),
                new Item("totara_playlist2", "totara_playlist", List.of(), ""));
        assertThat(export.skipped()).isEmpty();
    }

    @Test
    void takesColumnsNamedAfterItemIdPrefixesForComponentsNotTopics() throws IOException {
        String items = """
                item_id,container_course,container_workspace,engage_article,engage_microlearning,totara_playlist,totara_program,safety,document
                container_course5,1,0,0,0,0,0,1,Course
                totara_program3,0,0,0,0,0,1,1,Program
                """;
        writeTenant(folder, "0", USERS, items, "user_id,item_id,rating,timestamp\n2,totara_program3,1,5\n");

        TenantExport export = reader.readTenant(folder, "0");

        assertThat(export.topicNames()).containsExactly("safety");
        assertThat(export.items()).extracting(Item::component).containsExactly("container_course", "totara_program");
        assertThat(export.items().get(1).topics()).containsExactly("safety");
        assertThat(export.interactions()).hasSize(1);
    }

    @Test
    void keepsEveryInteractionRowWithItsLine() throws IOException {
        writeTenant(folder);

        assertThat(reader.readTenant(folder, "0").interactions()).containsExactly(
                new Interaction("2", "container_course5", 1, 1_600_000_000L, 2),
                new Interaction("2", "container_course5", 0, 1_600_000_100L, 3),
                new Interaction("3", "engage_article7", 0, 1_600_000_200L, 4),
                new Interaction("4", "totara_playlist2", 1, 1_600_000_300L, 5));
    }

    @Test
    void countsLinesPastBlankLinesAndQuotedNewlines() throws IOException {
        String interactions = """
                user_id,item_id,rating,timestamp,note

                2,engage_article7,1,10,"two
                lines"
                3,engage_article7,0,20,
                """;
        writeTenant(folder, "0", USERS, ITEMS, interactions);

        assertThat(reader.readTenant(folder, "0").interactions())
                .extracting(Interaction::line).containsExactly(3L, 5L);
    }

    @Test
    void readsFilesWithByteOrderMarkAndCrlf() throws IOException {
        writeBytes(folder, "user_data_0.csv", bomCrlf(USERS));
        writeBytes(folder, "item_data_0.csv", bomCrlf(ITEMS));
        writeBytes(folder, "user_interactions_0.csv", bomCrlf(INTERACTIONS));
        writeBytes(folder, "tenants.csv", bomCrlf("tenants\n0\n"));

        TenantExport export = reader.readTenant(folder, "0");

        assertThat(reader.readTenants(folder)).containsExactly("0");
        assertThat(export.users()).extracting(User::userId).containsExactly("2", "3", "4");
        assertThat(export.users().get(0).description()).isEqualTo("Likes \"quotes\", commas\r\nand new lines");
        assertThat(export.items()).extracting(Item::itemId)
                .containsExactly("container_course5", "engage_article7", "totara_playlist2");
        assertThat(export.interactions()).extracting(Interaction::line).containsExactly(2L, 3L, 4L, 5L);
        assertThat(export.interactions().get(3).timestamp()).isEqualTo(1_600_000_300L);
    }

    @Test
    void findsColumnsByNameInAnyOrderAndIgnoresUnknownOnes() throws IOException {
        String users = """
                department,lang,user_id,badges
                Sales,en,2,1|2
                IT,fr,3,
                """;
        String interactions = """
                timestamp,source,rating,item_id,user_id
                99,mobile,1,engage_article7,3
                """;
        writeTenant(folder, "0", users, ITEMS, interactions);

        TenantExport export = reader.readTenant(folder, "0");

        assertThat(export.users().get(0).lang()).isEqualTo("en");
        assertThat(export.users().get(0).badges()).containsExactly("1", "2");
        assertThat(export.users().get(1).badges()).isEmpty();
        assertThat(export.interactions()).containsExactly(new Interaction("3", "engage_article7", 1, 99, 2));
    }

    @Test
    void headerOnlyFilesGiveAnEmptyTenant() throws IOException {
        writeTenant(folder, "3", "user_id,lang\n",
                "item_id,container_course,container_workspace,engage_article,engage_microlearning,totara_playlist,"
                        + "document\n",
                "user_id,item_id,rating,timestamp\n");

        TenantExport export = reader.readTenant(folder, "3");

        assertThat(export.tenant()).isEqualTo("3");
        assertThat(export.users()).isEmpty();
        assertThat(export.items()).isEmpty();
        assertThat(export.interactions()).isEmpty();
        assertThat(export.topicNames()).isEmpty();
        assertThat(export.skipped()).isEmpty();
    }

    @Test
    void dropsAndCountsInteractionsOfUsersAndItemsNotInTheExport() throws IOException {
        String interactions = """
                user_id,item_id,rating,timestamp
                2,engage_article7,1,10
                99,engage_article7,1,11
                98,engage_article7,0,12
                2,engage_article99,0,13
                """;
        writeTenant(folder, "0", USERS, ITEMS, interactions);

        TenantExport export = reader.readTenant(folder, "0");

        assertThat(export.interactions()).extracting(Interaction::line).containsExactly(2L);
        assertThat(export.skipped()).containsExactly(
                "user_interactions_0.csv: 2 interactions dropped: user not in user_data_0.csv (lines 3, 4)",
                "user_interactions_0.csv: 1 interaction dropped: item not in item_data_0.csv (line 5)");
    }

    @Test
    void sharesTheUserAndItemIdStringsAcrossInteractions() throws IOException {
        writeTenant(folder);

        TenantExport export = reader.readTenant(folder, "0");

        assertThat(export.interactions().get(1).userId()).isSameAs(export.users().get(0).userId());
        assertThat(export.interactions().get(1).itemId()).isSameAs(export.items().get(0).itemId());
    }

    private static byte[] bomCrlf(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.writeBytes(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }
}
