package io.mlservice.config;

import io.mlservice.config.ConfigException.Problem;
import io.mlservice.config.ResolvedSetting.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SettingsLoaderTest {
    private static final String KEY = "k3y-that-must-never-show";
    private static final String PASSWORD = "pa55word-that-must-never-show";

    @TempDir
    Path folder;

    @Test
    void everySettingHasItsDefault() throws ConfigException {
        ServiceSettings s = SettingsLoader.load(Map.of(SettingsFile.VARIABLE, emptySettingsFile()), Map.of());

        assertThat(s.totaraUrl()).isNull();
        assertThat(s.totaraKey()).isNull();
        assertThat(s.modelsDir()).isEqualTo(Path.of("data", "models"));
        assertThat(s.logsDir()).isEqualTo(Path.of("data", "logs"));
        assertThat(s.retrainMinutes()).isEqualTo(1440);
        assertThat(s.retrainAt()).isNull();
        assertThat(s.threads()).isEqualTo(4);
        assertThat(s.algorithm()).isEqualTo("hybrid");
        assertThat(s.bind()).isEqualTo(new BindAddress(null, 5000));
        assertThat(s.dev()).isFalse();
        assertThat(s.exportDir()).isNull();
        assertThat(s.coldStart()).isTrue();
        assertThat(s.originalSeenRule()).isFalse();
        assertThat(s.maxItems()).isEqualTo(500);
        assertThat(s.historyFile()).isEqualTo(Path.of("data", "logs", "history.db"));
        assertThat(s.trustStore()).isNull();
        assertThat(s.trustStorePassword()).isNull();
        assertThat(s.maxDownloadBytes()).isEqualTo(2048L * 1024 * 1024);
        assertThat(s).isEqualTo(ServiceSettings.defaults());
    }

    @Test
    void theSettingsFileIsInTheDataFolderUnlessNamed() throws ConfigException {
        assertThat(SettingsLoader.defaultSettingsFile()).isEqualTo(Path.of("data", "settings.properties"));
        assertThat(SettingsLoader.settingsFile(Map.of(), Map.of())).isEqualTo(SettingsLoader.defaultSettingsFile());
        assertThat(SettingsLoader.settingsFile(Map.of(), Map.of(SettingsFile.VARIABLE, "/etc/b")))
                .isEqualTo(Path.of("/etc/b"));
        assertThat(SettingsLoader.settingsFile(Map.of(SettingsFile.VARIABLE, "/etc/a"),
                Map.of(SettingsFile.VARIABLE, "/etc/b"))).isEqualTo(Path.of("/etc/a"));
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFileBeatsDefault() throws IOException, ConfigException {
        Path file = settingsFile(Map.of(
                Setting.NUM_THREADS.variable(), "1",
                Setting.MAX_ITEMS.variable(), "10",
                Setting.BIND.variable(), "127.0.0.1:7000",
                Setting.DEV.variable(), "1"));
        Map<String, String> environment = Map.of(
                SettingsFile.VARIABLE, file.toString(),
                Setting.NUM_THREADS.variable(), "2",
                Setting.MAX_ITEMS.variable(), "20",
                Setting.DEV.variable(), "",
                "PATH", "/usr/bin");
        Map<String, String> commandLine = Map.of(Setting.NUM_THREADS.variable(), "3");

        ServiceSettings s = SettingsLoader.load(commandLine, environment);
        Map<String, ResolvedSetting> sources = byName(SettingsLoader.sources(commandLine, environment));

        assertThat(s.threads()).isEqualTo(3);
        assertThat(s.maxItems()).isEqualTo(20);
        assertThat(s.bind()).hasToString("127.0.0.1:7000");
        assertThat(s.dev()).as("an empty value is unset, so the file decides").isTrue();
        assertThat(s.retrainMinutes()).isEqualTo(1440);
        assertThat(sources.get(Setting.NUM_THREADS.variable())).isEqualTo(
                new ResolvedSetting(Setting.NUM_THREADS, "3", Origin.COMMAND_LINE));
        assertThat(sources.get(Setting.MAX_ITEMS.variable()).origin()).isEqualTo(Origin.ENVIRONMENT);
        assertThat(sources.get(Setting.BIND.variable()).origin()).isEqualTo(Origin.SETTINGS_FILE);
        assertThat(sources.get(Setting.DEV.variable()).origin()).isEqualTo(Origin.SETTINGS_FILE);
        assertThat(sources.get(Setting.RETRAIN_FREQ.variable()))
                .isEqualTo(new ResolvedSetting(Setting.RETRAIN_FREQ, "1440", Origin.DEFAULT));
        assertThat(sources).hasSize(Setting.values().length);
    }

    @Test
    void theCommandLineNamesTheSettingsFileBeforeTheEnvironment() throws IOException, ConfigException {
        Path fromEnvironment = settingsFile("env.properties", Map.of(Setting.NUM_THREADS.variable(), "2"));
        Path fromCommandLine = settingsFile("cli.properties", Map.of(Setting.NUM_THREADS.variable(), "3"));

        ServiceSettings s = SettingsLoader.load(Map.of(SettingsFile.VARIABLE, fromCommandLine.toString()),
                Map.of(SettingsFile.VARIABLE, fromEnvironment.toString()));

        assertThat(s.threads()).isEqualTo(3);
    }

    @Test
    void theHistoryFileFollowsTheLogsFolder() throws ConfigException {
        ServiceSettings s = SettingsLoader.resolve(Map.of(Setting.LOGS_DIR.variable(), "/var/log/ml"));

        assertThat(s.historyFile()).isEqualTo(Path.of("/var/log/ml", "history.db"));
        assertThat(SettingsLoader.merge(Map.of(), Map.of(), Map.of(Setting.LOGS_DIR.variable(), "/var/log/ml")))
                .contains(new ResolvedSetting(Setting.HISTORY_DB, Path.of("/var/log/ml", "history.db").toString(),
                        Origin.DEFAULT));
        assertThat(SettingsLoader.resolve(Map.of(Setting.HISTORY_DB.variable(), "/srv/h.db")).historyFile())
                .isEqualTo(Path.of("/srv/h.db"));
    }

    @Test
    void anEditedListOfSourcesKeepsDerivedDefaultsInStep() throws ConfigException {
        List<ResolvedSetting> edited = SettingsLoader.merge(Map.of(), Map.of(), Map.of()).stream()
                .map(r -> r.setting() == Setting.LOGS_DIR
                        ? new ResolvedSetting(Setting.LOGS_DIR, "/var/log/ml", Origin.SETTINGS_FILE) : r)
                .toList();

        assertThat(SettingsLoader.resolve(edited).historyFile()).isEqualTo(Path.of("/var/log/ml", "history.db"));
        assertThat(SettingsLoader.resolve(List.of()).threads()).isEqualTo(4);
    }

    @Test
    void readsAndNormalisesGoodValues() throws IOException, ConfigException {
        Path trustStore = Files.writeString(folder.resolve("totara.p12"), "not checked here");
        Map<String, String> env = new HashMap<>();
        env.put(Setting.TOTARA_URL.variable(), " https://lms.example.org/totara/ ");
        env.put(Setting.TOTARA_KEY.variable(), "  " + KEY + "  ");
        env.put(Setting.ALGORITHM.variable(), "MF");
        env.put(Setting.RETRAIN_AT.variable(), "2:30");
        env.put(Setting.RETRAIN_FREQ.variable(), "525600");
        env.put(Setting.NUM_THREADS.variable(), "256");
        env.put(Setting.COLD_START.variable(), "Off");
        env.put(Setting.SEEN_RULE.variable(), "ORIGINAL");
        env.put(Setting.MAX_ITEMS.variable(), "10000");
        env.put(Setting.MAX_DOWNLOAD_MB.variable(), "1");
        env.put(Setting.EXPORT_DIR.variable(), "/srv/export");
        env.put(Setting.TRUST_STORE.variable(), trustStore.toString());
        env.put(Setting.TRUST_STORE_PASSWORD.variable(), PASSWORD);
        env.put(Setting.DEV.variable(), "TRUE");
        env.put(Setting.BIND.variable(), "[::1]:5001");

        ServiceSettings s = SettingsLoader.load(Map.of(SettingsFile.VARIABLE, emptySettingsFile()), env);

        assertThat(s.totaraUrl()).isEqualTo(URI.create("https://lms.example.org/totara"));
        assertThat(s.totaraKey().reveal()).isEqualTo(KEY);
        assertThat(s.algorithm()).isEqualTo("mf");
        assertThat(s.retrainAt()).isEqualTo(LocalTime.of(2, 30));
        assertThat(s.retrainMinutes()).isEqualTo(525_600);
        assertThat(s.threads()).isEqualTo(256);
        assertThat(s.coldStart()).isFalse();
        assertThat(s.originalSeenRule()).isTrue();
        assertThat(s.maxItems()).isEqualTo(10_000);
        assertThat(s.maxDownloadBytes()).isEqualTo(1024L * 1024);
        assertThat(s.exportDir()).isEqualTo(Path.of("/srv/export"));
        assertThat(s.pullsFromTotara()).isFalse();
        assertThat(s.trustStore()).isEqualTo(trustStore);
        assertThat(s.trustStorePassword().reveal()).isEqualTo(PASSWORD);
        assertThat(s.dev()).isTrue();
        assertThat(s.bind()).isEqualTo(new BindAddress("::1", 5001));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1     | true", "true | true", "yes | false", "0 | false", "on | false"})
    void developmentModeIsOnlyOneOrTrue(String text, boolean on) throws ConfigException {
        assertThat(SettingsLoader.resolve(Map.of(Setting.DEV.variable(), text)).dev()).isEqualTo(on);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 | false", "false | false", "OFF | false", "no | false", "1 | true", "yes | true", "on | true"})
    void coldStartIsOnUnlessSwitchedOff(String text, boolean on) throws ConfigException {
        assertThat(SettingsLoader.resolve(Map.of(Setting.COLD_START.variable(), text)).coldStart()).isEqualTo(on);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ML_NUM_THREADS                 | abc                  | is not a whole number between 1 and 256",
            "ML_NUM_THREADS                 | 0                    | is not a whole number between 1 and 256",
            "ML_NUM_THREADS                 | 257                  | is not a whole number between 1 and 256",
            "ML_NUM_THREADS                 | 2.5                  | is not a whole number between 1 and 256",
            "ML_RECOMMENDATION_RETRAIN_FREQ | 0 | is not a whole number of minutes between 1 and 525600",
            "ML_RECOMMENDATION_RETRAIN_FREQ | 525601 | is not a whole number of minutes between 1 and 525600",
            "ML_RECOMMENDATION_RETRAIN_FREQ | 99999999999 | is not a whole number of minutes between 1 and 525600",
            "ML_RETRAIN_AT                  | 24:00                | is not a time of day as HH:mm",
            "ML_RETRAIN_AT                  | 2:3                  | is not a time of day as HH:mm",
            "ML_RETRAIN_AT                  | noon                 | is not a time of day as HH:mm",
            "ML_RECOMMENDATION_ALGORITHM    | lightfm              | is not one of hybrid, partial, mf",
            "ML_BIND                        | 5000                 | is not a listen address: expected host:port",
            "ML_BIND                        | :5000                | is not a listen address: the host is missing",
            "ML_COLD_START                  | maybe                | is neither on nor off",
            "ML_SEEN_RULE                   | newest               | is not one of interacted-last, original",
            "ML_MAX_ITEMS                   | 10001                | is not a whole number between 1 and 10000",
            "ML_MAX_DOWNLOAD_MB | 0 | is not a whole number of megabytes between 1 and 1048576",
            "ML_MAX_DOWNLOAD_MB | 1048577 | is not a whole number of megabytes between 1 and 1048576",
            "ML_TOTARA_URL                  | lms.example.org      | is not an absolute http or https URL with a host",
            "ML_TOTARA_URL                  | ftp://lms.example.org| is not an absolute http or https URL with a host",
            "ML_TOTARA_URL                  | https://             | is not an absolute http or https URL with a host",
            "ML_TOTARA_URL                  | https:lms            | is not an absolute http or https URL with a host",
            "ML_TOTARA_URL                  | https://lms .org     | is not an absolute http or https URL with a host",
            "ML_TOTARA_URL                  | https://lms_x.org    | has a host name that is not valid in a URL",
            "ML_TOTARA_URL                  | https://lms.org/?a=b | must not have a ?query or #fragment",
            "ML_TRUST_STORE                 | /no/such/store.p12   | is not an existing file",
            "ML_TRUST_STORE                 | /                    | is a folder, not a file"})
    void aBadValueIsNamedWithItsSourceAndWhatIsExpected(String name, String value, String expected) {
        ConfigException e = problemsOf(Map.of(), Map.of(name, value));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.setting()).isEqualTo(name);
            assertThat(p.text()).startsWith(name + "=" + value + " (environment) " + expected);
        });
        assertThat(e).hasMessage(e.problems().get(0).text());
    }

    @Test
    void aBadPathIsNamed() {
        ConfigException e = problemsOf(Map.of(Setting.MODELS_DIR.variable(), "mod\u0000els"), Map.of());

        assertThat(e.getMessage()).startsWith("ML_MODELS_DIR=mod\u0000els (command line) is not a valid path: ");
    }

    @Test
    void aBadValueInTheSettingsFileNamesTheFile() throws IOException {
        Path file = settingsFile(Map.of(Setting.NUM_THREADS.variable(), "lots"));

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> SettingsLoader.load(Map.of(), Map.of(SettingsFile.VARIABLE, file.toString())));

        assertThat(e).hasMessage("ML_NUM_THREADS=lots (settings file " + file
                + ") is not a whole number between 1 and 256");
    }

    @Test
    void everyProblemIsReportedAtOnceOneALine() {
        ConfigException e = problemsOf(Map.of(Setting.BIND.variable(), "5000"), Map.of(
                Setting.NUM_THREADS.variable(), "zero",
                Setting.ALGORITHM.variable(), "lightfm",
                Setting.TOTARA_URL.variable(), "lms"));

        assertThat(e.problems()).extracting(Problem::setting).containsExactly(
                Setting.TOTARA_URL.variable(), Setting.NUM_THREADS.variable(), Setting.ALGORITHM.variable(),
                Setting.BIND.variable());
        assertThat(e.getMessage().lines()).hasSize(4)
                .anySatisfy(l -> assertThat(l).startsWith("ML_BIND=5000 (command line) "))
                .anySatisfy(l -> assertThat(l).startsWith("ML_NUM_THREADS=zero (environment) "));
    }

    @Test
    void secretsNeverShow() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put(Setting.TOTARA_KEY.variable(), KEY);
        env.put(Setting.TRUST_STORE_PASSWORD.variable(), PASSWORD);
        env.put(Setting.TOTARA_URL.variable(), "https://admin:" + PASSWORD + "@lms.example.org");
        env.put(Setting.NUM_THREADS.variable(), KEY);
        env.put("ML_TOTARA_KEYS", KEY);
        Path file = settingsFile(Map.of("ML_TOTARA_KY", KEY));

        ConfigException e = problemsOf(Map.of(SettingsFile.VARIABLE, file.toString(),
                "ML_TOTARA_KEY_OLD", KEY), env);

        assertThat(e.problems()).extracting(Problem::text).anySatisfy(t -> assertThat(t).isEqualTo(
                "ML_TRUST_STORE_PASSWORD (environment) is set but ML_TRUST_STORE is not: set it to the trust store"
                        + " file the password opens"))
                .anySatisfy(t -> assertThat(t).startsWith("ML_TOTARA_URL=https://********@lms.example.org"
                        + " (environment) must not hold a user name or password"))
                .anySatisfy(t -> assertThat(t).startsWith("ML_TOTARA_KY (settings file " + file
                        + ") is not a known setting; did you mean ML_TOTARA_KEY?"))
                .anySatisfy(t -> assertThat(t).startsWith("ML_TOTARA_KEY_OLD (command line) is not a known"));
        assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain("pa55word");
        assertThat(e.getMessage()).as("only the value given for the thread count, which is not a secret")
                .containsOnlyOnce(KEY);
    }

    @Test
    void resolvedSecretsAreMaskedWhenShown() throws ConfigException, IOException {
        Path trustStore = Files.writeString(folder.resolve("totara.p12"), "not checked here");
        List<ResolvedSetting> sources = SettingsLoader.merge(Map.of(), Map.of(Setting.TOTARA_KEY.variable(), KEY,
                        Setting.TRUST_STORE_PASSWORD.variable(), PASSWORD,
                        Setting.TRUST_STORE.variable(), trustStore.toString()),
                Map.of());

        assertThat(sources.toString()).doesNotContain(KEY).doesNotContain(PASSWORD)
                .contains("ML_TOTARA_KEY=******** (environment)");
        assertThat(byName(sources).get(Setting.TOTARA_KEY.variable()).shownValue()).isEqualTo("********");
        assertThat(SettingsLoader.resolve(sources).totaraKey().reveal()).isEqualTo(KEY);
    }

    @Test
    void unknownNamesAreRefusedExceptInTheEnvironment() throws IOException {
        Path file = settingsFile(Map.of("ML_NUM_THREAD", "8", SettingsFile.VARIABLE, "/elsewhere"));

        ConfigException e = problemsOf(Map.of(SettingsFile.VARIABLE, file.toString(), "ml_bind", "*:1"),
                Map.of("ML_SOMETHING_ELSE", "x", "HOME", "/root"));

        assertThat(e.problems()).extracting(Problem::text).containsExactlyInAnyOrder(
                "ml_bind (command line) is not a known setting; did you mean ML_BIND?",
                "ML_NUM_THREAD (settings file " + file + ") is not a known setting; did you mean ML_NUM_THREADS?",
                "ML_SETTINGS_FILE (settings file " + file + ") cannot be set in the settings file: set it on the"
                        + " command line or in the environment");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ML_NUM_THREAD   | ML_NUM_THREADS is not a known setting; did you mean ML_NUM_THREADS?",
            "ML_THREADS      | ML_THREADS is not a known setting; did you mean ML_NUM_THREADS?",
            "ML_RETRAIN_FREQ | ML_RETRAIN_FREQ is not a known setting; did you mean ML_RECOMMENDATION_RETRAIN_FREQ?",
            "ML_ALGORITHM    | ML_ALGORITHM is not a known setting; did you mean ML_RECOMMENDATION_ALGORITHM?",
            "ML_PORT         | ML_PORT is not a known setting"})
    void anUnknownNameGetsANearKnownOneSuggested(String name, String text) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> SettingsLoader.resolve(Map.of(name, "1")));

        assertThat(e).hasMessage(text.replaceFirst("^ML_NUM_THREADS", name));
    }

    @Test
    void aNamedSettingsFileMustExist() {
        String missing = folder.resolve("missing.properties").toString();

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> SettingsLoader.load(Map.of(), Map.of(SettingsFile.VARIABLE, missing)));

        assertThat(e).hasMessageStartingWith("ML_SETTINGS_FILE=" + missing + " (environment) does not exist");
    }

    @Test
    void aMalformedSettingsFileNamesItsLine() throws IOException {
        Path file = Files.writeString(folder.resolve("settings.properties"), "ML_BIND=*:5000\nML_DEV 1\n");

        ConfigException e = problemsOf(Map.of(SettingsFile.VARIABLE, file.toString()), Map.of());

        assertThat(e.problems()).containsExactly(new Problem(SettingsFile.VARIABLE,
                "Settings file " + file + ", line 2: expected NAME=value, e.g. ML_BIND=*:5000"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "data/models        | data/models",
            "data/models        | ./data/../data/models",
            "data/models        | data/models/",
            "/srv/ml            | /srv/./ml/../ml"})
    void modelsAndLogsMustBeDifferentFolders(String models, String logs) {
        ConfigException e = problemsOf(Map.of(Setting.MODELS_DIR.variable(), models),
                Map.of(Setting.LOGS_DIR.variable(), logs));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.setting()).isEqualTo(Setting.LOGS_DIR.variable());
            assertThat(p.text()).startsWith("ML_MODELS_DIR=" + models + " (command line) and ML_LOGS_DIR=" + logs
                    + " (environment) are the same folder (" + Path.of(models).toAbsolutePath().normalize()
                    + "): models and logs need different folders");
        });
    }

    @Test
    void anAbsoluteAndARelativeSpellingOfOneFolderAreTheSame() {
        String absolute = Path.of("data", "logs").toAbsolutePath().toString();

        ConfigException e = problemsOf(Map.of(), Map.of(Setting.MODELS_DIR.variable(), absolute));

        assertThat(e).hasMessageContaining("ML_LOGS_DIR=data/logs (default) are the same folder");
    }

    @Test
    void linkedFoldersAreTheSame() throws IOException {
        Path models = Files.createDirectory(folder.resolve("models"));
        Path link = Files.createSymbolicLink(folder.resolve("link"), models);

        ConfigException e = problemsOf(Map.of(Setting.MODELS_DIR.variable(), models.toString(),
                Setting.LOGS_DIR.variable(), link.toString()), Map.of());

        assertThat(e).hasMessageContaining("are the same folder");
    }

    @Test
    void aFormsValuesAreCheckedWithoutAnOrigin() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> SettingsLoader.resolve(Map.of(
                Setting.NUM_THREADS.variable(), "many", Setting.LOGS_DIR.variable(), "data/models",
                "ML_THREADS", "2")));

        assertThat(e.problems()).extracting(Problem::text).containsExactly(
                "ML_THREADS is not a known setting; did you mean ML_NUM_THREADS?",
                "ML_NUM_THREADS=many is not a whole number between 1 and 256",
                "ML_MODELS_DIR=data/models (default) and ML_LOGS_DIR=data/models are the same folder ("
                        + Path.of("data/models").toAbsolutePath() + "): models and logs need different folders");
    }

    @Test
    void theServiceNeedsAKeyAndASource() {
        ServiceSettings defaults = ServiceSettings.defaults();

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> SettingsLoader.requireServiceReady(defaults));

        assertThat(e.problems()).extracting(Problem::text).containsExactly(
                "ML_TOTARA_KEY is not set: set it to the value of $CFG->ml_service_key in Totara's config.php",
                "ML_TOTARA_URL is not set: set it to Totara's web root, e.g. https://lms.example.org (or set"
                        + " ML_EXPORT_DIR to train from a local export folder)");
    }

    @Test
    void aKeyAndEitherAUrlOrAnExportFolderAreReady() throws ConfigException {
        ServiceSettings keyed = ServiceSettings.defaults().with(Setting.TOTARA_KEY, KEY);

        SettingsLoader.requireServiceReady(keyed.with(Setting.TOTARA_URL, "https://lms.example.org"));
        SettingsLoader.requireServiceReady(keyed.with(Setting.EXPORT_DIR, folder.toString()));
        assertThatThrownBy(() -> SettingsLoader.requireServiceReady(keyed))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ML_TOTARA_URL is not set");
        assertThatThrownBy(() -> SettingsLoader.requireServiceReady(
                ServiceSettings.defaults().with(Setting.EXPORT_DIR, folder.toString())))
                .hasMessageStartingWith("ML_TOTARA_KEY is not set");
    }

    /** Loads with an empty settings file unless one is named, and returns the refusal. */
    private ConfigException problemsOf(Map<String, String> commandLine, Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        if (!commandLine.containsKey(SettingsFile.VARIABLE)) {
            env.putIfAbsent(SettingsFile.VARIABLE, emptySettingsFile());
        }
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> SettingsLoader.load(commandLine, env));
        assertThat(e).as("settings that should have been refused").isNotNull();
        return e;
    }

    /** Stands for "no settings file" (a file named explicitly has to exist). */
    private String emptySettingsFile() {
        Path empty = folder.resolve("empty.properties");
        try {
            if (!Files.exists(empty)) {
                Files.createFile(empty);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return empty.toString();
    }

    private Path settingsFile(Map<String, String> values) throws IOException {
        return settingsFile("settings.properties", values);
    }

    private Path settingsFile(String name, Map<String, String> values) throws IOException {
        Path file = folder.resolve(name);
        new SettingsFile(file).write(values);
        return file;
    }

    private static Map<String, ResolvedSetting> byName(List<ResolvedSetting> settings) {
        return settings.stream().collect(Collectors.toMap(ResolvedSetting::name, Function.identity()));
    }
}
