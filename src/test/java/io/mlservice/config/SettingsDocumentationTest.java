package io.mlservice.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code docs/settings.md} holds the catalogue's table as it is, so the administrator's page cannot fall behind. */
class SettingsDocumentationTest {
    private static final Path PAGE = Path.of("docs", "settings.md");

    @Test
    void theSettingsPageHoldsTheCataloguesTable() throws IOException {
        String expected = SettingsTable.markdown();

        assertThat(String.join("\n", table(Files.readAllLines(PAGE))) + "\n")
                .as("docs/settings.md's table differs from the catalogue (io.mlservice.config.Setting); replace it"
                        + " with:%n%s", expected)
                .isEqualTo(expected);
    }

    @Test
    void theTableHasOneRowPerSettingWithItsDefault() {
        List<String> rows = SettingsTable.markdown().lines().skip(2).toList();

        assertThat(rows).hasSize(Setting.values().length);
        for (int i = 0; i < rows.size(); i++) {
            Setting s = Setting.values()[i];
            assertThat(rows.get(i)).startsWith("| `" + s.variable() + "` | ");
            s.defaultText().filter(d -> s != Setting.MODELS_DIR && s != Setting.LOGS_DIR)
                    .ifPresent(d -> assertThat(rows.get(s.ordinal())).contains("| `" + d + "` |"));
        }
        assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("| `ML_NUM_THREADS` | `4` | "))
                .anySatisfy(r -> assertThat(r).startsWith("| `ML_BIND` | `*:5000` | "))
                .anySatisfy(r -> assertThat(r).startsWith("| `ML_EXPORT_DIR` | (not set) | "))
                .anySatisfy(r -> assertThat(r).startsWith("| `ML_MODELS_DIR` | `data/models` (installed: per user) | "))
                .anySatisfy(r -> assertThat(r).startsWith("| `ML_HISTORY_DB` | `history.db` in `ML_LOGS_DIR` | "));
    }

    /** The lines of the page's settings table, header included. */
    private static List<String> table(List<String> page) {
        List<String> table = new ArrayList<>();
        for (String line : page) {
            if (line.startsWith("| variable |") || !table.isEmpty() && line.startsWith("|")) {
                table.add(line);
            } else if (!table.isEmpty()) {
                break;
            }
        }
        return table;
    }
}
