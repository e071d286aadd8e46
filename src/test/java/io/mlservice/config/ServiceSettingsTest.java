package io.mlservice.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceSettingsTest {
    private static final String KEY = "k3y-that-must-never-show";
    private static final String PASSWORD = "pa55word-that-must-never-show";

    @TempDir
    Path folder;

    @Test
    void theDefaultsHaveNothingToSave() {
        assertThat(ServiceSettings.defaults().toMap()).isEmpty();
    }

    @Test
    void savesOnlyWhatDiffersFromTheDefaults() throws ConfigException {
        ServiceSettings s = SettingsLoader.resolve(Map.of(
                ServiceSettings.TOTARA_URL, "https://lms.example.org/",
                ServiceSettings.TOTARA_KEY, KEY,
                ServiceSettings.NUM_THREADS, "4",
                ServiceSettings.COLD_START, "no",
                ServiceSettings.RETRAIN_AT, "3:05"));

        assertThat(s.toMap()).isEqualTo(Map.of(
                ServiceSettings.TOTARA_URL, "https://lms.example.org",
                ServiceSettings.TOTARA_KEY, KEY,
                ServiceSettings.COLD_START, "off",
                ServiceSettings.RETRAIN_AT, "03:05"));
    }

    @Test
    void whatIsSavedLoadsBackTheSame() throws IOException, ConfigException {
        ServiceSettings s = everythingChanged();
        Path file = folder.resolve("settings.properties");

        new SettingsFile(file).write(s.toMap());
        ServiceSettings loaded = SettingsLoader.load(Map.of(),
                Map.of(ServiceSettings.SETTINGS_FILE, file.toString()));

        assertThat(loaded).isEqualTo(s);
        assertThat(s.toMap()).containsOnlyKeys(Arrays.stream(Setting.values()).map(Setting::variable).toList());
    }

    @Test
    void showsEveryValueButNoSecret() throws IOException, ConfigException {
        ServiceSettings s = everythingChanged();

        String text = s.toString();

        assertThat(text).doesNotContain(KEY).doesNotContain(PASSWORD)
                .contains("ML_TOTARA_KEY=********", "ML_TRUST_STORE_PASSWORD=********",
                        "ML_TOTARA_URL=https://lms.example.org/totara", "ML_NUM_THREADS=7", "ML_DEV=1");
        for (Setting setting : Setting.values()) {
            assertThat(text).contains(setting.variable() + "=");
        }
        assertThat(ServiceSettings.defaults().toString())
                .contains("ML_TOTARA_KEY=(not set)", "ML_BIND=*:5000",
                        "ML_HISTORY_DB=" + Path.of("data/logs/history.db"));
    }

    @Test
    void copiesChangeOneValue() {
        ServiceSettings d = ServiceSettings.defaults();
        URI url = URI.create("https://lms.example.org");
        BindAddress bind = BindAddress.parse("127.0.0.1:0");

        assertThat(d.withTotaraUrl(url).totaraUrl()).isEqualTo(url);
        assertThat(d.withTotaraKey(Secret.of(KEY)).totaraKey().reveal()).isEqualTo(KEY);
        assertThat(d.withModelsDir(folder).modelsDir()).isEqualTo(folder);
        assertThat(d.withRetrainMinutes(5).retrainMinutes()).isEqualTo(5);
        assertThat(d.withBind(bind).bind()).isEqualTo(bind);
        assertThat(d.withExportDir(folder).exportDir()).isEqualTo(folder);
        assertThat(d.withExportDir(folder).withExportDir(null)).isEqualTo(d);
        assertThat(d.withBind(bind).toMap()).isEqualTo(Map.of(ServiceSettings.BIND, "127.0.0.1:0"));
    }

    @Test
    void aDefaultHistoryFileMovesWithTheLogsFolder() throws ConfigException {
        Path logs = folder.resolve("logs");
        ServiceSettings custom = SettingsLoader.resolve(Map.of(ServiceSettings.HISTORY_DB, "/srv/h.db"));

        assertThat(ServiceSettings.defaults().withLogsDir(logs).historyFile()).isEqualTo(logs.resolve("history.db"));
        assertThat(ServiceSettings.defaults().withLogsDir(logs).toMap())
                .isEqualTo(Map.of(ServiceSettings.LOGS_DIR, logs.toString()));
        assertThat(custom.withLogsDir(logs).historyFile()).isEqualTo(Path.of("/srv/h.db"));
    }

    private ServiceSettings everythingChanged() throws IOException, ConfigException {
        Path trustStore = Files.writeString(folder.resolve("totara.p12"), "not checked here");
        return SettingsLoader.resolve(Map.ofEntries(
                Map.entry(ServiceSettings.TOTARA_URL, "https://lms.example.org/totara"),
                Map.entry(ServiceSettings.TOTARA_KEY, KEY),
                Map.entry(ServiceSettings.MODELS_DIR, folder.resolve("models").toString()),
                Map.entry(ServiceSettings.LOGS_DIR, folder.resolve("logs").toString()),
                Map.entry(ServiceSettings.RETRAIN_FREQ, "60"),
                Map.entry(ServiceSettings.RETRAIN_AT, "23:59"),
                Map.entry(ServiceSettings.NUM_THREADS, "7"),
                Map.entry(ServiceSettings.ALGORITHM, "partial"),
                Map.entry(ServiceSettings.BIND, "[::1]:5001"),
                Map.entry(ServiceSettings.DEV, "true"),
                Map.entry(ServiceSettings.EXPORT_DIR, folder.resolve("export").toString()),
                Map.entry(ServiceSettings.COLD_START, "0"),
                Map.entry(ServiceSettings.SEEN_RULE, "original"),
                Map.entry(ServiceSettings.MAX_ITEMS, "50"),
                Map.entry(ServiceSettings.HISTORY_DB, folder.resolve("history.sqlite").toString()),
                Map.entry(ServiceSettings.TRUST_STORE, trustStore.toString()),
                Map.entry(ServiceSettings.TRUST_STORE_PASSWORD, PASSWORD),
                Map.entry(ServiceSettings.MAX_DOWNLOAD_MB, "100")));
    }
}
