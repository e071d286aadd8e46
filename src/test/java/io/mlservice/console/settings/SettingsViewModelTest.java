package io.mlservice.console.settings;

import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.console.Console;
import io.mlservice.console.DirectContext;
import io.mlservice.console.Notices;
import io.mlservice.console.ServiceHost;
import io.mlservice.model.HyperParameters;
import io.mlservice.diagnostics.ConnectionCheck.Kind;
import io.mlservice.diagnostics.ConnectionCheck;
import io.mlservice.service.MlService;
import io.mlservice.service.SignedClient;
import io.mlservice.totara.FakeTotara;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Settings view model without a toolkit: direct executors, no debounce, a real service host on a temporary
 * folder (folders and address in its settings file, so they are editable), real HTTP.
 */
class SettingsViewModelTest {
    private static final String KEY = "a-key-the-test-knows-0123456789";

    @TempDir
    Path dir;
    private ServiceHost host;
    private final Notices notices = new Notices(Runnable::run);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (host != null) {
            host.stop();
        }
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void loadsEveryValueWithWhereItComesFrom() throws Exception {
        host = host(Map.of(Setting.NUM_THREADS.variable(), "2"));
        SettingsViewModel model = model(Clock.systemUTC());

        model.load();

        assertThat(model.loadedProperty().get()).isTrue();
        assertThat(model.field(Setting.BIND).valueProperty().get()).isEqualTo("127.0.0.1:0");
        assertThat(model.field(Setting.BIND).sourceProperty().get()).isEqualTo(SettingField.Source.SETTINGS_FILE);
        assertThat(model.bind().hostProperty().get()).isEqualTo("127.0.0.1");
        assertThat(model.bind().portProperty().get()).isEqualTo("0");
        assertThat(model.field(Setting.NUM_THREADS).sourceProperty().get()).isEqualTo(SettingField.Source.ENVIRONMENT);
        assertThat(model.field(Setting.NUM_THREADS).editableProperty().get()).isFalse();
        assertThat(model.field(Setting.NUM_THREADS).sourceProperty().get().label()).isEqualTo("set by environment");
        assertThat(model.field(Setting.EXPORT_DIR).sourceProperty().get()).isEqualTo(SettingField.Source.DEMO);
        assertThat(model.field(Setting.ALGORITHM).valueProperty().get()).isEqualTo("hybrid");
        assertThat(model.field(Setting.ALGORITHM).sourceProperty().get()).isEqualTo(SettingField.Source.DEFAULT);
        assertThat(model.dailyProperty().get()).isFalse();
        assertThat(model.problems()).isEmpty();
        assertThat(model.dirtyProperty().get()).isFalse();
        assertThat(model.canApplyProperty().get()).isFalse();
        assertThat(model.settingsFileProperty().get()).endsWith("settings.properties");
    }

    @Test
    void eachProblemOfTheServiceLandsOnItsFieldAndBlocksApply() throws Exception {
        host = host(Map.of());
        SettingsViewModel model = model(Clock.systemUTC());
        model.load();
        Path aFile = Files.writeString(dir.resolve("not-a-folder"), "x");

        model.bind().portProperty().set("99999");
        model.field(Setting.NUM_THREADS).valueProperty().set("0");
        model.field(Setting.LOGS_DIR).valueProperty().set(model.field(Setting.MODELS_DIR).valueProperty().get());
        model.dailyProperty().set(true);
        model.dailyAtProperty().set("25:00");

        assertThat(model.field(Setting.BIND).problemProperty().get()).contains("the port 99999 is above 65535");
        assertThat(BindField.aboutPort(model.field(Setting.BIND).problemProperty().get())).isTrue();
        assertThat(model.field(Setting.NUM_THREADS).problemProperty().get()).contains("ML_NUM_THREADS=0")
                .contains("between 1 and 256");
        assertThat(model.field(Setting.LOGS_DIR).problemProperty().get()).contains("the same folder");
        assertThat(model.field(Setting.RETRAIN_AT).problemProperty().get()).contains("HH:mm");
        assertThat(model.problems()).containsOnlyKeys(Setting.BIND.variable(), Setting.NUM_THREADS.variable(),
                Setting.LOGS_DIR.variable(), Setting.RETRAIN_AT.variable());
        assertThat(model.dirtyProperty().get()).isTrue();
        assertThat(model.canApplyProperty().get()).isFalse();

        model.field(Setting.MODELS_DIR).valueProperty().set(aFile.toString());
        assertThat(model.field(Setting.MODELS_DIR).problemProperty().get()).contains("is a file, not a folder");

        model.bind().portProperty().set("5123");
        model.field(Setting.NUM_THREADS).valueProperty().set("3");
        model.field(Setting.MODELS_DIR).valueProperty().set(dir.resolve("models-2").toString());
        model.dailyAtProperty().set("02:30");

        assertThat(model.problems()).isEmpty();
        assertThat(model.field(Setting.BIND).problemProperty().get()).isNull();
        assertThat(model.canApplyProperty().get()).isTrue();
        assertThat(model.changes()).containsEntry(Setting.BIND.variable(), "127.0.0.1:5123")
                .containsEntry(Setting.NUM_THREADS.variable(), "3")
                .containsEntry(Setting.RETRAIN_AT.variable(), "02:30");
    }

    @Test
    void revertDiscardsEveryEdit() throws Exception {
        host = host(Map.of());
        SettingsViewModel model = model(Clock.systemUTC());
        model.load();
        String models = model.field(Setting.MODELS_DIR).valueProperty().get();

        model.bind().portProperty().set("abc");
        model.field(Setting.ALGORITHM).valueProperty().set("mf");
        model.field(Setting.MODELS_DIR).valueProperty().set(dir.resolve("elsewhere").toString());
        model.generateKey();
        assertThat(model.problems()).containsKey(Setting.BIND.variable());

        model.revert();

        assertThat(model.dirtyProperty().get()).isFalse();
        assertThat(model.changes()).isEmpty();
        assertThat(model.problems()).isEmpty();
        assertThat(model.bind().portProperty().get()).isEqualTo("0");
        assertThat(model.field(Setting.ALGORITHM).valueProperty().get()).isEqualTo("hybrid");
        assertThat(model.field(Setting.MODELS_DIR).valueProperty().get()).isEqualTo(models);
        assertThat(model.field(Setting.TOTARA_KEY).valueProperty().get()).isEqualTo(KEY);
    }

    @Test
    void settingsFromTheEnvironmentAreNeverSaved() throws Exception {
        host = host(Map.of(Setting.ALGORITHM.variable(), "partial"));
        SettingsViewModel model = model(Clock.systemUTC());
        model.load();

        model.field(Setting.ALGORITHM).valueProperty().set("mf");

        assertThat(model.changes()).isEmpty();
        assertThat(model.canApplyProperty().get()).isFalse();
    }

    @Test
    void applyMovesTheApiToTheNewPortAndSavesIt() throws Exception {
        MlService service = started(Map.of());
        SettingsViewModel model = model(Clock.systemUTC());
        model.load();
        URI before = service.baseUri();
        int port = freePort();

        model.bind().portProperty().set(Integer.toString(port));
        model.field(Setting.NUM_THREADS).valueProperty().set("2");
        assertThat(model.canApplyProperty().get()).isTrue();
        model.apply();

        assertThat(model.applying().resultFailedProperty().get()).isFalse();
        assertThat(model.applying().resultProperty().get()).isEqualTo("Applied Training threads (2) and Listen address (127.0.0.1:"
                + port + ").");
        assertThat(model.applying().appliedProperty().get()).isEqualTo(1);
        assertThat(model.applying().needRestart()).isEmpty();
        assertThat(service.port()).isEqualTo(port);
        assertThat(new SignedClient(URI.create("http://127.0.0.1:" + port + "/"), KEY).get("/health-check")
                .status()).isEqualTo(200);
        assertThatThrownBy(() -> new SignedClient(before, KEY).get("/health-check"))
                .isInstanceOf(ConnectException.class);
        assertThat(settingsFile().read()).containsEntry(Setting.BIND.variable(), "127.0.0.1:" + port)
                .containsEntry(Setting.NUM_THREADS.variable(), "2");
        assertThat(model.dirtyProperty().get()).isFalse();
        assertThat(model.field(Setting.BIND).originalProperty().get()).isEqualTo("127.0.0.1:" + port);
    }

    @Test
    void anAddressThatCannotBeBoundIsNotAppliedAndTheOldOneKeepsServing() throws Exception {
        MlService service = started(Map.of());
        SettingsViewModel model = model(Clock.systemUTC());
        model.load();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            model.bind().portProperty().set(Integer.toString(taken.getLocalPort()));
            model.apply();

            assertThat(model.applying().resultFailedProperty().get()).isTrue();
            assertThat(model.applying().resultProperty().get()).contains("Not applied").contains("in use");
            assertThat(model.field(Setting.BIND).problemProperty().get())
                    .contains("keeps listening on the old address");
            assertThat(service.settings().bind()).hasToString("127.0.0.1:0");
            assertThat(new SignedClient(service.baseUri(), KEY).get("/health-check").status()).isEqualTo(200);
            assertThat(settingsFile().read()).containsEntry(Setting.BIND.variable(), "127.0.0.1:0");
        }
    }

    @Test
    void newFoldersAreSavedAndNamedAsNeedingARestart() throws Exception {
        started(Map.of());
        SettingsViewModel model = model(Clock.systemUTC());
        model.load();
        Path models = dir.resolve("models-new");

        model.field(Setting.MODELS_DIR).valueProperty().set(models.toString());
        model.apply();

        assertThat(model.applying().needRestart()).containsExactly(Setting.MODELS_DIR.variable());
        assertThat(model.applying().resultProperty().get()).contains("Models folder take effect after a restart");
        assertThat(host.service().settings().modelsDir()).isNotEqualTo(models);

        model.applying().restart();

        assertThat(model.applying().needRestart()).isEmpty();
        assertThat(model.applying().resultFailedProperty().get()).as(model.applying().resultProperty().get()).isFalse();
        assertThat(host.service().settings().modelsDir()).isEqualTo(models);
    }

    @Test
    void theKeyIsMaskedInTheConfigPhpLinesUntilRevealed() throws Exception {
        started(Map.of());
        SettingsViewModel model = model(Clock.systemUTC());
        model.load();
        String url = "http://localhost:" + host.service().port();

        assertThat(model.configPhp().linesProperty().get()).isEqualTo("$CFG->ml_service_url = '" + url + "';\n"
                + "$CFG->ml_service_key = '********';");
        assertThat(model.configPhp().toCopy()).contains("$CFG->ml_service_key = '" + KEY + "';");

        model.configPhp().revealKeyProperty().set(true);
        assertThat(model.configPhp().linesProperty().get()).contains(KEY);
        model.generateKey();
        assertThat(model.field(Setting.TOTARA_KEY).valueProperty().get()).hasSize(64).isNotEqualTo(KEY);
        assertThat(model.configPhp().linesProperty().get())
                .contains(model.field(Setting.TOTARA_KEY).valueProperty().get());
    }

    @Test
    void testConnectionWithTheRightKeyWorksBothWays() throws Exception {
        started(Map.of());
        FakeTotara totara = totara(KEY);
        SettingsViewModel model = model(Clock.systemUTC());
        model.load();

        model.field(Setting.TOTARA_URL).valueProperty().set(totara.url().toString());
        model.testConnection();

        ConnectionCheck.Report report = model.tester().reportProperty().get();
        assertThat(report.findings()).extracting(ConnectionCheck.Finding::kind)
                .containsExactly(Kind.TOTARA_READY, Kind.SERVICE_ANSWERS, Kind.LOOPBACK_ONLY);
        assertThat(report.passed()).isTrue();
        assertThat(model.tester().summaryProperty().get()).isEqualTo("The connection works, with warnings below.");
        assertThat(report.findings().get(1).text()).contains("/health-check");
        assertThat(report.findings().get(2).text()).contains("127.0.0.1").contains("another computer");
    }

    @Test
    void testConnectionNamesAWrongKeyAndSaysTheServiceStillUsesItsOwn() throws Exception {
        started(Map.of());
        FakeTotara totara = totara("totara-has-another-key");
        SettingsViewModel model = model(Clock.systemUTC());
        model.load();

        model.field(Setting.TOTARA_URL).valueProperty().set(totara.url().toString());
        model.field(Setting.TOTARA_KEY).valueProperty().set("the-admin-typed-this-key");
        model.testConnection();

        ConnectionCheck.Report report = model.tester().reportProperty().get();
        assertThat(report.findings()).extracting(ConnectionCheck.Finding::kind)
                .containsExactly(Kind.WRONG_KEY, Kind.KEY_NOT_IN_USE_YET, Kind.LOOPBACK_ONLY);
        assertThat(report.passed()).isFalse();
        assertThat(model.tester().summaryProperty().get()).contains("does not work yet");
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.text())
                .doesNotContain("the-admin-typed-this-key").doesNotContain(KEY));
    }

    @Test
    void testConnectionTellsClocksApartFromAWrongKey() throws Exception {
        started(Map.of());
        FakeTotara totara = totara(KEY);
        SettingsViewModel model = model(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-3)));
        model.load();

        model.field(Setting.TOTARA_URL).valueProperty().set(totara.url().toString());
        model.testConnection();

        ConnectionCheck.Finding first = model.tester().reportProperty().get().findings().get(0);
        assertThat(first.kind()).isEqualTo(Kind.CLOCK_SKEW);
        assertThat(first.text()).startsWith("The clocks were not in sync").contains("about 3 min ahead of");
    }

    @Test
    void testConnectionReportsAnExportNotReadyAndAWrongAddress() throws Exception {
        started(Map.of());
        FakeTotara totara = totara(KEY);
        SettingsViewModel model = model(Clock.systemUTC());
        model.load();
        totara.answer("tenants.csv", 202);

        model.field(Setting.TOTARA_URL).valueProperty().set(totara.url().toString());
        model.testConnection();
        assertThat(model.tester().reportProperty().get().findings().get(0).kind()).isEqualTo(Kind.EXPORT_NOT_READY);
        assertThat(model.tester().reportProperty().get().passed()).isTrue();

        model.field(Setting.TOTARA_URL).valueProperty().set(totara.url() + "/totara/login");
        assertThat(model.tester().reportProperty().get()).as("an edit forgets the last result").isNull();
        model.testConnection();
        assertThat(model.tester().reportProperty().get().findings().get(0).kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void testConnectionWithAnAddressTheServiceWouldRefuseSaysWhatToFixFirst() throws Exception {
        host = host(Map.of());
        SettingsViewModel model = model(Clock.systemUTC());
        model.load();

        model.field(Setting.TOTARA_URL).valueProperty().set("lms.example.org");
        model.testConnection();

        assertThat(model.tester().reportProperty().get()).isNull();
        assertThat(model.tester().summaryProperty().get()).startsWith("Fix these first: ML_TOTARA_URL=lms.example.org")
                .contains("is not an absolute http or https URL");
        assertThat(model.field(Setting.TOTARA_URL).problemProperty().get()).contains("ML_TOTARA_URL");
    }

    @Test
    void connectingATotaraSiteEndsTheDemo() throws Exception {
        started(Map.of());
        FakeTotara totara = totara("key-from-totara-config-php");
        notices.post(new Notices.Notice(Notices.DEMO, Notices.Level.INFO, "demo", null, null));
        SettingsViewModel model = model(Clock.systemUTC());
        model.load();
        assertThat(host.demo()).isTrue();

        model.field(Setting.TOTARA_URL).valueProperty().set(totara.url().toString());
        model.field(Setting.TOTARA_KEY).valueProperty().set("key-from-totara-config-php");
        model.testConnection();
        assertThat(model.tester().reportProperty().get().findings()).extracting(ConnectionCheck.Finding::kind)
                .contains(Kind.TOTARA_READY, Kind.KEY_NOT_IN_USE_YET);
        model.apply();

        assertThat(model.applying().resultFailedProperty().get()).as(model.applying().resultProperty().get()).isFalse();
        assertThat(host.demo()).isFalse();
        assertThat(notices.find(Notices.DEMO)).isEmpty();
        assertThat(settingsFile().read()).containsEntry(Setting.TOTARA_URL.variable(), totara.url().toString())
                .containsEntry(Setting.TOTARA_KEY.variable(), "key-from-totara-config-php");
        assertThat(model.field(Setting.EXPORT_DIR).sourceProperty().get()).isEqualTo(SettingField.Source.DEFAULT);
        assertThat(new SignedClient(host.service().baseUri(), "key-from-totara-config-php").get("/health-check")
                .status()).isEqualTo(200);

        model.testConnection();
        assertThat(model.tester().reportProperty().get().findings()).extracting(ConnectionCheck.Finding::kind)
                .containsExactly(Kind.TOTARA_READY, Kind.SERVICE_ANSWERS, Kind.LOOPBACK_ONLY);
    }

    @Test
    void whenTheServiceIsNotRunningApplyOnlySaves() throws Exception {
        host = host(Map.of());
        SettingsViewModel model = model(Clock.systemUTC());
        model.load();

        model.field(Setting.MAX_ITEMS).valueProperty().set("250");
        model.apply();

        assertThat(model.applying().resultProperty().get()).startsWith("Saved Largest n_items (250)").contains("not running");
        assertThat(settingsFile().read()).containsEntry(Setting.MAX_ITEMS.variable(), "250");
        assertThat(model.applying().needStartProperty().get()).isTrue();

        model.applying().restart();

        assertThat(model.applying().needStartProperty().get()).isFalse();
        assertThat(model.applying().resultProperty().get()).startsWith("The service started and listens on http://127.0.0.1:");
        assertThat(host.service().settings().maxItems()).isEqualTo(250);
    }

    private SettingsViewModel model(Clock clock) {
        return new SettingsViewModel(DirectContext.of(host, notices), Duration.ZERO,
                new ConnectionCheck(clock, Duration.ofSeconds(3)));
    }

    /**
     * A host whose folders, address and key are in the settings file (so the form may edit them); nothing else is
     * configured, so it serves the demo dataset.
     */
    private ServiceHost host(Map<String, String> environment) throws IOException {
        Map<String, String> file = new LinkedHashMap<>();
        file.put(Setting.MODELS_DIR.variable(), dir.resolve("models").toString());
        file.put(Setting.LOGS_DIR.variable(), dir.resolve("logs").toString());
        file.put(Setting.BIND.variable(), "127.0.0.1:0");
        file.put(Setting.TOTARA_KEY.variable(), KEY);
        new SettingsFile(dir.resolve("settings.properties")).write(file);
        MlService.Tuning tuning = new MlService.Tuning(List.of(Duration.ZERO),
                HyperParameters.defaults().withEpochs(2).withComponents(8));
        return new ServiceHost(new ServiceHost.Launch(
                Map.of(SettingsFile.VARIABLE, dir.resolve("settings.properties").toString()), environment,
                dir, tuning, Clock.systemUTC()));
    }

    private MlService started(Map<String, String> environment) throws Exception {
        host = host(environment);
        return host.start(line -> { });
    }

    private FakeTotara totara(String key) throws IOException {
        Path export = Files.createDirectories(dir.resolve("totara-export"));
        Files.writeString(export.resolve("tenants.csv"), "tenants\n0\n");
        FakeTotara totara = FakeTotara.serving(export, key);
        closing.add(totara);
        return totara;
    }

    private SettingsFile settingsFile() {
        return new SettingsFile(dir.resolve("settings.properties"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
