package io.mlservice.totara;

import static io.mlservice.totara.ExportFolder.INTERACTIONS;
import static io.mlservice.totara.ExportFolder.ITEMS;
import static io.mlservice.totara.ExportFolder.USERS;
import static io.mlservice.totara.ExportFolder.write;
import static io.mlservice.totara.ExportFolder.writeBytes;
import static io.mlservice.totara.ExportFolder.writeTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlservice.totara.TenantExport.Interaction;
import io.mlservice.totara.TenantExport.Item;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExportReaderBadInputTest {
    private static final String ITEM_HEADER =
            "item_id,container_course,container_workspace,engage_article,engage_microlearning,totara_playlist,safety,"
                    + "document\n";

    @TempDir
    Path folder;

    private final ExportReader reader = new ExportReader();

    @Test
    void missingRequiredColumnNamesFileLineAndColumn() {
        writeTenant(folder, "0", USERS, ITEMS, "user_id,item_id,timestamp\n2,engage_article7,10\n");

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .isInstanceOf(ExportFormatException.class)
                .hasMessage("user_interactions_0.csv line 1, column \"rating\": missing required column "
                        + "(header: user_id,item_id,timestamp)");
    }

    @Test
    void missingItemIdOrDocumentColumnIsAnError() {
        writeTenant(folder, "0", USERS, "item_id,container_course\ncontainer_course5,1\n", INTERACTIONS);

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .hasMessageStartingWith("item_data_0.csv line 1, column \"document\": missing required column");
    }

    @Test
    void missingUserIdColumnIsAnError() {
        writeTenant(folder, "0", "id,lang\n2,en\n", ITEMS, INTERACTIONS);

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .hasMessageStartingWith("user_data_0.csv line 1, column \"user_id\": missing required column");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "abc,10; rating; \"abc\" is not a number (expected 0 or 1)",
        "2,10; rating; \"2\" is out of range (expected 0 or 1)",
        "-1,10; rating; \"-1\" is out of range (expected 0 or 1)",
        ",10; rating; \"\" is not a number (expected 0 or 1)",
        "1,yesterday; timestamp; \"yesterday\" is not a number (expected unix seconds)",
        "1,1.6e9; timestamp; \"1.6e9\" is not a number (expected unix seconds)",
        "1,-5; timestamp; \"-5\" is negative (expected unix seconds)",
    })
    void badRatingOrTimestampIsAnError(String ratingAndTimestamp, String column, String problem) {
        writeTenant(folder, "0", USERS, ITEMS, "user_id,item_id,rating,timestamp\n2,engage_article7,1,5\n"
                + "2,engage_article7," + ratingAndTimestamp + "\n");

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .isInstanceOf(ExportFormatException.class)
                .hasMessage("user_interactions_0.csv line 3, column \"" + column + "\": " + problem);
    }

    @Test
    void badFieldsOfInteractionsWithUnknownUsersAreStillErrors() {
        writeTenant(folder, "0", USERS, ITEMS, "user_id,item_id,rating,timestamp\n99,engage_article7,x,5\n");

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .hasMessageStartingWith("user_interactions_0.csv line 2, column \"rating\"");
    }

    @Test
    void duplicateUserIdNamesBothLines() {
        writeTenant(folder, "0", USERS + "2,de,,,,,,,,,\n", ITEMS, INTERACTIONS);

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .isInstanceOf(ExportFormatException.class)
                .hasMessage("user_data_0.csv line 6, column \"user_id\": duplicate id \"2\", first on line 2");
    }

    @Test
    void duplicateItemIdNamesBothLines() {
        writeTenant(folder, "0", USERS, ITEMS + "engage_article7,0,0,1,0,0,0,0,Again\n", INTERACTIONS);

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .isInstanceOf(ExportFormatException.class)
                .hasMessage("item_data_0.csv line 6, column \"item_id\": duplicate id \"engage_article7\", "
                        + "first on line 4");
    }

    @Test
    void itemsWithoutOneMatchingComponentAreSkippedWithTheirLines() throws IOException {
        String items = ITEM_HEADER + """
                container_course1,1,0,0,0,0,1,fine
                container_course2,0,0,0,0,0,1,no component
                container_course3,1,0,1,0,0,0,two components
                engage_article4,1,0,0,0,0,0,wrong component
                engage_article5,0,0,0,0,0,0,no component either
                """;
        String interactions = """
                user_id,item_id,rating,timestamp
                2,container_course1,1,10
                2,container_course2,1,11
                3,engage_article4,0,12
                """;
        writeTenant(folder, "0", USERS, items, interactions);

        TenantExport export = reader.readTenant(folder, "0");

        assertThat(export.items()).extracting(Item::itemId).containsExactly("container_course1");
        assertThat(export.topicNames()).containsExactly("safety");
        assertThat(export.interactions()).extracting(Interaction::itemId).containsExactly("container_course1");
        assertThat(export.skipped()).containsExactly(
                "item_data_0.csv: 2 items skipped: no component column set to 1 (lines 3, 6)",
                "item_data_0.csv: 1 item skipped: more than one component column set to 1 (line 4)",
                "item_data_0.csv: 1 item skipped: the component column set to 1 does not match the item_id prefix "
                        + "(line 5)",
                "user_interactions_0.csv: 2 interactions dropped: item skipped in item_data_0.csv (lines 3, 4)");
    }

    @Test
    void skipReportListsTheFirstTenLines() throws IOException {
        StringBuilder interactions = new StringBuilder("user_id,item_id,rating,timestamp\n");
        for (int i = 0; i < 12; i++) {
            interactions.append("99,engage_article7,1,").append(i).append('\n');
        }
        writeTenant(folder, "0", USERS, ITEMS, interactions.toString());

        assertThat(reader.readTenant(folder, "0").skipped()).containsExactly(
                "user_interactions_0.csv: 12 interactions dropped: user not in user_data_0.csv "
                        + "(lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ...)");
    }

    @Test
    void topicValueOtherThanZeroOrOneIsAnError() {
        writeTenant(folder, "0", USERS, ITEM_HEADER + "container_course1,1,0,0,0,0,yes,text\n", INTERACTIONS);

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .hasMessage("item_data_0.csv line 2, column \"safety\": \"yes\" is not 0 or 1");
    }

    @Test
    void zeroByteFileIsAnEmptyFileError() {
        writeTenant(folder, "0", USERS, ITEMS, "");

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .isInstanceOf(ExportFormatException.class)
                .hasMessage("user_interactions_0.csv: empty file (expected a header line)");
    }

    @Test
    void zeroByteTenantsFileIsAnEmptyFileError() {
        write(folder, "tenants.csv", "");

        assertThatThrownBy(() -> reader.readTenants(folder))
                .hasMessage("tenants.csv: empty file (expected a header line)");
    }

    @Test
    void invalidUtf8NamesFileAndLine() {
        byte[] latin1 = (USERS + "5,fr,Besançon,FR,,,,,,,café\n").getBytes(StandardCharsets.ISO_8859_1);
        writeTenant(folder, "0", "", ITEMS, INTERACTIONS);
        writeBytes(folder, "user_data_0.csv", latin1);

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .isInstanceOf(ExportFormatException.class)
                .hasMessageStartingWith("user_data_0.csv line 6: not valid UTF-8 (byte 0xE7 at byte offset ");
    }

    @Test
    void invalidUtf8FarIntoALargeFileIsFoundOnItsLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(ExportFolder.INTERACTIONS.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 20_000; i++) {
            bytes.writeBytes(("2,engage_article7,1," + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        bytes.writeBytes(new byte[] {'2', ',', (byte) 0xFF, '\n'});
        writeTenant(folder);
        writeBytes(folder, "user_interactions_0.csv", bytes.toByteArray());

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .hasMessageStartingWith("user_interactions_0.csv line 20006: not valid UTF-8 (byte 0xFF");
    }

    @Test
    void missingTenantFileIsNamed() throws IOException {
        writeTenant(folder, "4", USERS, ITEMS, INTERACTIONS);
        Files.delete(folder.resolve("item_data_4.csv"));

        assertThatThrownBy(() -> reader.readTenant(folder, "4"))
                .isInstanceOf(ExportFormatException.class)
                .hasMessage("item_data_4.csv: missing from the export folder " + folder);
    }

    @Test
    void missingFolderIsNoSuchFile() {
        Path absent = folder.resolve("absent");

        assertThatThrownBy(() -> reader.readTenants(absent)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> reader.readTenant(absent, "0")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void rowWithTheWrongNumberOfFieldsIsAnError() {
        writeTenant(folder, "0", USERS, ITEMS, "user_id,item_id,rating,timestamp\n2,engage_article7,1\n");

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .hasMessage("user_interactions_0.csv line 2: has 3 fields, the header has 4");
    }

    @Test
    void unterminatedQuoteIsAnErrorOnTheLineItStarts() {
        writeTenant(folder, "0", "user_id,lang,description\n2,en,fine\n3,en,\"never closed\n4,en,x\n", ITEMS,
                INTERACTIONS);

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .isInstanceOf(ExportFormatException.class)
                .hasMessageStartingWith("user_data_0.csv line 3: malformed CSV: ");
    }

    @Test
    void duplicateColumnNameIsAnError() {
        writeTenant(folder, "0", USERS, ITEM_HEADER.replace(",safety,", ",safety,safety,"), INTERACTIONS);

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .hasMessage("item_data_0.csv line 1, column \"safety\": duplicate column name (columns 7 and 8)");
    }

    @Test
    void emptyIdIsAnError() {
        writeTenant(folder, "0", USERS, ITEMS, "user_id,item_id,rating,timestamp\n,engage_article7,1,5\n");

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .hasMessage("user_interactions_0.csv line 2, column \"user_id\": empty id");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "11; \"11\" is not a competencyId:scaleValue pair",
        ":3; \":3\" is not a competencyId:scaleValue pair",
        "11:high; \"11:high\": the scale value is not a number",
        "11:; \"11:\": the scale value is not a number",
        "11:NaN; \"11:NaN\": the scale value is not a number",
    })
    void badCompetencyPairIsAnError(String pair, String problem) {
        writeTenant(folder, "0", "user_id,lang,competencies_scale\n2,en,5:1|" + pair + "\n", ITEMS, INTERACTIONS);

        assertThatThrownBy(() -> reader.readTenant(folder, "0"))
                .hasMessage("user_data_0.csv line 2, column \"competencies_scale\": " + problem);
    }

    @Test
    void tenantIdThatCouldLeaveTheFolderIsAnError() {
        write(folder, "tenants.csv", "tenants\n1\n../etc\n");

        assertThatThrownBy(() -> reader.readTenants(folder))
                .hasMessage("tenants.csv line 3, column \"tenants\": \"../etc\" is not a tenant id "
                        + "(expected letters, digits, _ or -)");
        assertThatThrownBy(() -> reader.readTenant(folder, "../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duplicateTenantIsAnError() {
        write(folder, "tenants.csv", "tenants\n1\n2\n1\n");

        assertThatThrownBy(() -> reader.readTenants(folder))
                .hasMessage("tenants.csv line 4, column \"tenants\": duplicate tenant \"1\", first on line 2");
    }
}
