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
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
                Setting.TOTARA_URL.variable(), "https://lms.example.org/",
                Setting.TOTARA_KEY.variable(), KEY,
                Setting.NUM_THREADS.variable(), "4",
                Setting.COLD_START.variable(), "no",
                Setting.RETRAIN_AT.variable(), "3:05"));

        assertThat(s.toMap()).isEqualTo(Map.of(
                Setting.TOTARA_URL.variable(), "https://lms.example.org",
                Setting.TOTARA_KEY.variable(), KEY,
                Setting.COLD_START.variable(), "off",
                Setting.RETRAIN_AT.variable(), "03:05"));
    }

    @Test
    void whatIsSavedLoadsBackTheSame() throws IOException, ConfigException {
        ServiceSettings s = everythingChanged();
        Path file = folder.resolve("settings.properties");

        new SettingsFile(file).write(s.toMap());
        ServiceSettings loaded = SettingsLoader.load(Map.of(),
                Map.of(SettingsFile.VARIABLE, file.toString()));

        assertThat(loaded).isEqualTo(s);
        assertThat(s.toMap()).as("all but the PEM files, which a key store excludes").containsOnlyKeys(
                Arrays.stream(Setting.values()).filter(v -> v != Setting.TLS_CERT && v != Setting.TLS_KEY)
                        .map(Setting::variable).toList());
    }

    @Test
    void thePemFilesAreSavedAndLoadBackTheSame() throws IOException, ConfigException {
        TestCertificate certificate = TestCertificate.create(folder, "saved.example", "EC");
        Path cert = folder.resolve("api.crt");
        Path key = folder.resolve("api.key");
        certificate.writePem(cert, key);
        ServiceSettings s = everythingChanged().withChanges(Map.of(Setting.TLS_KEYSTORE, "",
                Setting.TLS_KEYSTORE_PASSWORD, "", Setting.TLS_CERT, cert.toString(), Setting.TLS_KEY,
                key.toString()));
        Path file = folder.resolve("settings.properties");

        new SettingsFile(file).write(s.toMap());

        assertThat(SettingsLoader.load(Map.of(), Map.of(SettingsFile.VARIABLE, file.toString()))).isEqualTo(s);
        assertThat(s.toMap()).containsEntry(Setting.TLS_CERT.variable(), cert.toString())
                .containsEntry(Setting.TLS_KEY.variable(), key.toString())
                .doesNotContainKeys(Setting.TLS_KEYSTORE.variable(), Setting.TLS_KEYSTORE_PASSWORD.variable());
    }

    @Test
    void showsEveryValueButNoSecret() throws IOException, ConfigException {
        ServiceSettings s = everythingChanged();

        String text = s.toString();

        assertThat(text).doesNotContain(KEY).doesNotContain(PASSWORD).doesNotContain(TestCertificate.PASSWORD)
                .contains("ML_TOTARA_KEY=********", "ML_TRUST_STORE_PASSWORD=********",
                        "ML_TLS_KEYSTORE_PASSWORD=********",
                        "ML_TOTARA_URL=https://lms.example.org/totara", "ML_NUM_THREADS=7", "ML_DEV=1");
        for (Setting setting : Setting.values()) {
            assertThat(text).contains(setting.variable() + "=");
        }
        assertThat(ServiceSettings.defaults().toString())
                .contains("ML_TOTARA_KEY=(not set)", "ML_BIND=*:5000",
                        "ML_HISTORY_DB=" + Path.of("data/logs/history.db"));
    }

    @Test
    void copiesChangeOneValue() throws ConfigException {
        ServiceSettings d = ServiceSettings.defaults();
        URI url = URI.create("https://lms.example.org");
        BindAddress bind = BindAddress.parse("127.0.0.1:0");

        assertThat(d.with(Setting.TOTARA_URL, url.toString()).totaraUrl()).isEqualTo(url);
        assertThat(d.with(Setting.TOTARA_KEY, KEY).totaraKey().reveal()).isEqualTo(KEY);
        assertThat(d.with(Setting.MODELS_DIR, folder.toString()).modelsDir()).isEqualTo(folder);
        assertThat(d.with(Setting.RETRAIN_FREQ, "5").retrainMinutes()).isEqualTo(5);
        assertThat(d.with(Setting.BIND, bind.toString()).bind()).isEqualTo(bind);
        assertThat(d.with(Setting.EXPORT_DIR, folder.toString()).exportDir()).isEqualTo(folder);
        assertThat(d.with(Setting.EXPORT_DIR, folder.toString()).with(Setting.EXPORT_DIR, null)).isEqualTo(d);
        assertThat(d.with(Setting.BIND, bind.toString()).toMap())
                .isEqualTo(Map.of(Setting.BIND.variable(), "127.0.0.1:0"));
    }

    @Test
    void copiesAreReadAndCheckedLikeAStart() throws ConfigException {
        ServiceSettings d = ServiceSettings.defaults();

        assertThat(d.withChanges(Map.of(Setting.NUM_THREADS, "7", Setting.DEV, "1", Setting.SEEN_RULE, "original",
                Setting.MAX_DOWNLOAD_MB, "10", Setting.RETRAIN_AT, "3:05")))
                .isEqualTo(SettingsLoader.resolve(Map.of("ML_NUM_THREADS", "7", "ML_DEV", "1",
                        "ML_SEEN_RULE", "original", "ML_MAX_DOWNLOAD_MB", "10", "ML_RETRAIN_AT", "03:05")));
        assertThat(catchThrowableOfType(ConfigException.class,
                () -> d.withChanges(Map.of(Setting.NUM_THREADS, "many", Setting.ALGORITHM, "deep"))).problems())
                .extracting(ConfigException.Problem::setting)
                .containsExactly("ML_NUM_THREADS", "ML_RECOMMENDATION_ALGORITHM");
        assertThat(d.textsOf(Setting.NUM_THREADS, Setting.EXPORT_DIR))
                .containsEntry(Setting.NUM_THREADS, "4").containsEntry(Setting.EXPORT_DIR, null);
    }

    @Test
    void aDefaultHistoryFileMovesWithTheLogsFolder() throws ConfigException {
        Path logs = folder.resolve("logs");
        ServiceSettings custom = SettingsLoader.resolve(Map.of(Setting.HISTORY_DB.variable(), "/srv/h.db"));
        ServiceSettings moved = ServiceSettings.defaults().with(Setting.LOGS_DIR, logs.toString());

        assertThat(moved.historyFile()).isEqualTo(logs.resolve("history.db"));
        assertThat(moved.toMap()).isEqualTo(Map.of(Setting.LOGS_DIR.variable(), logs.toString()));
        assertThat(custom.with(Setting.LOGS_DIR, logs.toString()).historyFile()).isEqualTo(Path.of("/srv/h.db"));
    }

    private ServiceSettings everythingChanged() throws IOException, ConfigException {
        Path trustStore = Files.writeString(folder.resolve("totara.p12"), "not checked here");
        Path keyStore = TestCertificate.create(folder, "api.example", "EC").keyStore();
        return SettingsLoader.resolve(Map.ofEntries(
                Map.entry(Setting.TOTARA_URL.variable(), "https://lms.example.org/totara"),
                Map.entry(Setting.TOTARA_KEY.variable(), KEY),
                Map.entry(Setting.MODELS_DIR.variable(), folder.resolve("models").toString()),
                Map.entry(Setting.LOGS_DIR.variable(), folder.resolve("logs").toString()),
                Map.entry(Setting.RETRAIN_FREQ.variable(), "60"),
                Map.entry(Setting.RETRAIN_AT.variable(), "23:59"),
                Map.entry(Setting.NUM_THREADS.variable(), "7"),
                Map.entry(Setting.ALGORITHM.variable(), "partial"),
                Map.entry(Setting.BIND.variable(), "[::1]:5001"),
                Map.entry(Setting.DEV.variable(), "true"),
                Map.entry(Setting.EXPORT_DIR.variable(), folder.resolve("export").toString()),
                Map.entry(Setting.COLD_START.variable(), "0"),
                Map.entry(Setting.SEEN_RULE.variable(), "original"),
                Map.entry(Setting.MAX_ITEMS.variable(), "50"),
                Map.entry(Setting.HISTORY_DB.variable(), folder.resolve("history.sqlite").toString()),
                Map.entry(Setting.TRUST_STORE.variable(), trustStore.toString()),
                Map.entry(Setting.TRUST_STORE_PASSWORD.variable(), PASSWORD),
                Map.entry(Setting.MAX_DOWNLOAD_MB.variable(), "100"),
                Map.entry(Setting.METRICS_BIND.variable(), "127.0.0.1:9464"),
                Map.entry(Setting.MAX_FIELD_MB.variable(), "3"),
                Map.entry(Setting.MAX_COLUMNS.variable(), "500"),
                Map.entry(Setting.MAX_TENANTS.variable(), "20"),
                Map.entry(Setting.MAX_EXPORT_MB.variable(), "700"),
                Map.entry(Setting.TLS_KEYSTORE.variable(), keyStore.toString()),
                Map.entry(Setting.TLS_KEYSTORE_PASSWORD.variable(), TestCertificate.PASSWORD),
                Map.entry(Setting.EXPORT_POLL_MINUTES.variable(), "0"),
                Map.entry(Setting.ROLE.variable(), "serve"),
                Map.entry(Setting.FULL_SEARCH_DAYS.variable(), "0"),
                Map.entry(Setting.FULL_SEARCH_GROWTH.variable(), "5")));
    }
}
