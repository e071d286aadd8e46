package io.mlservice.totara;

import static io.mlservice.totara.ExportFolder.INTERACTIONS;
import static io.mlservice.totara.ExportFolder.ITEMS;
import static io.mlservice.totara.ExportFolder.USERS;
import static io.mlservice.totara.ExportFolder.write;
import static io.mlservice.totara.ExportFolder.writeTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlservice.config.ConfigException;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports past the limits are refused with the file, the line and the limit, before they exhaust the memory. */
class ExportLimitsTest {
    private static final int KB = 1024;

    @TempDir
    Path folder;

    private final ExportReader small = new ExportReader(new ExportLimits(KB, 12, 3, 64L * KB));

    @Test
    void theWithinLimitsExportReads() throws IOException {
        writeTenant(folder, "0", USERS, ITEMS, INTERACTIONS);
        assertThat(small.readTenants(folder)).containsExactly("0");
        assertThat(small.readTenant(folder, "0").users()).isNotEmpty();
    }

    @Test
    void aFieldAboveTheLimitNamesItsFileLineAndColumn() {
        writeTenant(folder, "0", "user_id,lang,description\n2,en,short\n3,en," + "x".repeat(KB + 1) + "\n", ITEMS,
                INTERACTIONS);

        assertThatThrownBy(() -> small.readTenant(folder, "0"))
                .isInstanceOf(ExportFormatException.class)
                .hasMessage("user_data_0.csv line 3, column \"description\": a field of 1025 characters, more than"
                        + " the limit of 1024 (ML_MAX_FIELD_MB)");
    }

    @Test
    void aQuoteLeftOpenStopsAtTheRowBoundInsteadOfReadingTheWholeFile() throws IOException {
        Path items = folder.resolve("item_data_0.csv");
        writeTenant(folder, "0", USERS, ITEMS, INTERACTIONS);
        try (Writer out = Files.newBufferedWriter(items, StandardCharsets.UTF_8)) {
            out.write("item_id,engage_article,document\nengage_article1,1,\"never closed\n");
            for (int i = 0; i < 200_000; i++) {
                out.write("line " + i + " of a field that never ends\n");
            }
        }

        assertThatThrownBy(() -> new ExportReader().readTenant(folder, "0"))
                .as("within the default limits the file (6 MB) is one open field: read, but no crash")
                .isInstanceOf(ExportFormatException.class);
        assertThatThrownBy(() -> small.readTenant(folder, "0"))
                .isInstanceOf(ExportFormatException.class)
                .hasMessageStartingWith("item_data_0.csv line 2: a row longer than")
                .hasMessageContaining("ML_MAX_FIELD_MB");
    }

    @Test
    void moreColumnsThanTheLimitAreRefusedAtTheHeader() {
        StringBuilder header = new StringBuilder("item_id");
        for (int t = 0; t < 20; t++) {
            header.append(",topic").append(t);
        }
        writeTenant(folder, "0", USERS, header + ",document\n", INTERACTIONS);

        assertThatThrownBy(() -> small.readTenant(folder, "0"))
                .hasMessage("item_data_0.csv line 1: 22 columns, more than the limit of 12 (ML_MAX_COLUMNS)");
    }

    @Test
    void moreTenantsThanTheLimitAreRefused() {
        write(folder, "tenants.csv", "tenants\n1\n2\n3\n4\n5\n");

        assertThatThrownBy(() -> small.readTenants(folder))
                .hasMessage("tenants.csv line 5, column \"tenants\": more than 3 tenants, the limit (ML_MAX_TENANTS)");
    }

    @Test
    void anExportLargerThanTheLimitIsRefusedBeforeAnyFileIsRead() throws IOException {
        writeTenant(folder, "0", USERS, ITEMS, INTERACTIONS);
        Files.writeString(folder.resolve("user_interactions_0.csv"), INTERACTIONS + "2,engage_article7,1,10\n"
                .repeat(5_000));

        assertThatThrownBy(() -> small.readTenants(folder))
                .isInstanceOf(ExportFormatException.class)
                .hasMessageStartingWith("tenants.csv: the export's files of 1 tenant(s) hold ")
                .hasMessageEndingWith("more than the limit of 64 KB (ML_MAX_EXPORT_MB)");
    }

    @Test
    void theSettingsDefaultsAreTheReadersDefaults() {
        assertThat(ExportLimits.of(ServiceSettings.defaults())).isEqualTo(ExportLimits.defaults());
    }

    @Test
    void theSettingsGiveTheLimitsInMegabytes() throws ConfigException {
        ServiceSettings settings = ServiceSettings.defaults().withChanges(Map.of(Setting.MAX_FIELD_MB, "2",
                Setting.MAX_COLUMNS, "50", Setting.MAX_TENANTS, "7", Setting.MAX_EXPORT_MB, "300"));

        assertThat(ExportLimits.of(settings))
                .isEqualTo(new ExportLimits(2 * 1024 * KB, 50, 7, 300L * 1024 * KB));
    }
}
