package io.mlservice.service;

import io.mlservice.history.TenantOutcome;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.FetchRow;
import io.mlservice.history.ApiMinuteRow;
import io.mlservice.history.History;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.config.SettingsLoader;
import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.model.ModelFile;
import io.mlservice.model.ModelFolder;
import io.mlservice.model.TenantModel;
import io.mlservice.totara.FakeTotara;
import io.mlservice.totara.demo.DemoExportGenerator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole service against a fake Totara over real HTTP: pull the export, train, answer signed requests as the
 * contract says, keep serving through training and failures, and serve a saved model at once after a restart.
 */
class ServiceEndToEndTest {
    private static final String KEY = "end-to-end-shared-key";
    private static final Duration CYCLE_WAIT = Duration.ofSeconds(90);

    @TempDir
    Path root;

    private Path export;
    private FakeTotara totara;
    private final List<MlService> services = new ArrayList<>();

    @BeforeEach
    void exportOnFakeTotara() throws IOException {
        export = root.resolve("export");
        new DemoExportGenerator(new DemoExportGenerator.Spec(160, 100, 2400, 2, 7)).write(export);
        totara = FakeTotara.serving(export, KEY);
    }

    @AfterEach
    void stopEverything() {
        services.forEach(MlService::stop);
        totara.close();
    }

    @Test
    void pullsTrainsAndAnswersSignedRequestsAsTheContractSays() throws Exception {
        CycleWatch cycles = new CycleWatch();
        MlService service = start(cycles);

        CycleResult first = cycles.next();
        assertThat(first.outcome()).isEqualTo(CycleOutcome.OK);
        assertThat(first.tenants()).extracting(TenantResult::tenant).containsExactly("1", "2");
        assertThat(first.tenants()).allMatch(t -> t.outcome() == TenantOutcome.TRAINED);

        SignedClient client = client(service);
        String user = firstColumn("user_data_1.csv").get(0);
        JsonNode items = client.get("/user-items?totara_user_id=" + user
                + "&item_type=engage_article&tenant=1&n_items=5").json();
        assertThat(items.get("success").asBoolean()).isTrue();
        assertThat(items.get("items")).hasSize(5);
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode entry : items.get("items")) {
            assertThat(entry.get(0).asText()).matches("\\d+");
            assertThat(entry.get(1).asText()).matches("[ -]\\d+\\.\\d{4}");
            double score = Double.parseDouble(entry.get(1).asText());
            assertThat(score).isLessThanOrEqualTo(previous);
            previous = score;
        }

        assertThat(client.get("/user-items?totara_user_id=" + user + "&item_type=engage_article&tenant=9"
                + "&n_items=5").json().get("message").asText()).isEqualTo("Bad request: no such tenant");
        JsonNode newcomer = client.get("/user-items?totara_user_id=999999&item_type=engage_article&tenant=1"
                + "&n_items=3").json();
        assertThat(newcomer.get("success").asBoolean()).as("cold start answers popular items").isTrue();
        assertThat(newcomer.get("items")).hasSize(3);

        String micro = firstColumn("item_data_1.csv").stream().filter(i -> i.startsWith("engage_microlearning"))
                .findFirst().orElseThrow();
        String number = micro.substring("engage_microlearning".length());
        assertThat(firstColumn("item_data_1.csv")).doesNotContain("engage_article" + number);
        JsonNode similar = client.get("/similar-items?totara_item_id=engage_article" + number
                + "&tenant=1&n_items=4").json();
        assertThat(similar.get("success").asBoolean()).as("article falls back to microlearning").isTrue();
        assertThat(similar.get("items")).hasSize(4);
        assertThat(client.get("/similar-items?totara_item_id=engage_article0&tenant=1&n_items=4").json()
                .get("message").asText()).isEqualTo("Bad request: no such item id");

        JsonNode health = client.get("/health-check").json();
        assertThat(health.get("success").asBoolean()).isTrue();
        assertThat(health.get("totara").get("url").asText()).isEqualTo(totara.url().toString());
        assertThat(health.get("totara").get("recommendation_model").asText()).isEqualTo("true");
        assertThat(health.get("totara").get("logs_file_exists").asText()).isEqualTo("true");

        SignedClient wrongKey = new SignedClient(service.baseUri(), "not-the-key");
        SignedClient.Answer refused = wrongKey.get("/health-check");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).startsWith("Invalid access").doesNotContain(KEY);

        List<String> summary = Files.readAllLines(root.resolve("logs/train_summary.log"));
        assertThat(summary.get(0)).isEqualTo("TIMESTAMP,ALGORITHM,TENANT_ID,MSG,EPOCHS,N_EMBEDDINGS,SCORE");
        assertThat(summary).hasSize(3);
        assertThat(service.history().recentCycles(5)).first().satisfies(c -> assertThat(c.outcome()).isEqualTo(CycleOutcome.OK));
        assertThat(service.history().fetches(first.id())).extracting(FetchRow::file)
                .contains("tenants.csv", "user_interactions_1.csv", "user_data_2.csv", "item_data_2.csv");
        assertThat(service.history().tenantResults(first.id())).hasSize(2);
        assertThat(ModelFile.read(new ModelFolder(root.resolve("models"), Clock.systemUTC()).newest().orElseThrow()
                .file()))
                .as("the saved file holds every served tenant").extracting(TenantModel::tenant)
                .containsExactlyInAnyOrder("1", "2");
        assertNoSecretIn(root.resolve("logs"));
    }

    @Test
    void keepsServingWhileANewModelTrainsAndAfterAFailedCycle() throws Exception {
        CycleWatch cycles = new CycleWatch();
        MlService service = start(cycles);
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);
        SignedClient client = client(service);
        String request = "/user-items?totara_user_id=" + firstColumn("user_data_2.csv").get(3)
                + "&item_type=container_course&tenant=2&n_items=10";
        String before = client.get(request).body();

        CountDownLatch training = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        service.addListener(new ServiceListener() {
            @Override
            public void epoch(long cycleId, String tenant, int candidate, HyperParameters hp, EpochStats stats,
                              Metrics heldOut, double fraction) {
                if (tenant.equals("2") && held.compareAndSet(false, true)) {
                    training.countDown();
                    CycleWatch.awaitQuietly(release);
                }
            }
        });
        assertThat(service.trainNow()).isTrue();
        assertThat(training.await(CYCLE_WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(service.training()).isTrue();
        assertThat(service.trainNow()).as("one cycle at a time").isFalse();
        SignedClient.Answer during = client.get(request);
        assertThat(during.status()).isEqualTo(200);
        assertThat(during.body()).as("the old model answers while the new one trains").isEqualTo(before);
        release.countDown();
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);

        totara.failAll(404);
        Instant failedAt = Instant.now();
        assertThat(service.trainNow()).isTrue();
        CycleResult failed = cycles.next();
        assertThat(failed.outcome()).isEqualTo(CycleOutcome.FAILED);
        assertThat(failed.message()).contains("404").doesNotContain(KEY);
        assertThat(failed.nextDue()).as("retried within minutes, not a day later")
                .isBefore(failedAt.plus(Duration.ofMinutes(5)));
        SignedClient.Answer after = client.get(request);
        assertThat(after.json().get("success").asBoolean()).isTrue();
        List<String> summary = Files.readAllLines(root.resolve("logs/train_summary.log"));
        assertThat(summary.get(summary.size() - 1)).contains(",all,");
    }

    @Test
    void aRestartServesTheSavedModelBeforeAnyTraining() throws Exception {
        addTenantWithTooLittleData("3");
        CycleWatch cycles = new CycleWatch();
        MlService first = start(cycles);
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);
        String request = "/similar-items?totara_item_id=" + firstColumn("item_data_1.csv").get(0)
                + "&tenant=1&n_items=6";
        String answer = client(first).get(request).body();
        String untrained = "/user-items?totara_user_id=1&item_type=engage_article&tenant=3&n_items=5";
        assertThat(client(first).get(untrained).json().get("message").asText())
                .isEqualTo("Message: The model for tenant 3 is not trained, probably for insufficient data");
        first.stop();
        try (History history = History.open(root.resolve("logs/history.db"))) {
            assertThat(history.apiMinutes(Instant.now().minus(Duration.ofHours(1)), Instant.now().plusSeconds(60)))
                    .as("the API's minutes reach the history when the service stops")
                    .filteredOn(m -> m.endpoint().equals("/similar-items"))
                    .extracting(ApiMinuteRow::requests).containsExactly(1L);
        }

        totara.failAll(404);
        MlService second = start(new CycleWatch());
        SignedClient.Answer again = client(second).get(request);
        assertThat(again.body()).isEqualTo(answer);
        assertThat(client(second).get(untrained).json().get("message").asText())
                .as("still not trained after the restart, not an unknown tenant")
                .isEqualTo("Message: The model for tenant 3 is not trained, probably for insufficient data");
        assertThat(second.training()).isFalse();
        assertThat(second.nextTraining()).get().satisfies(due ->
                assertThat(due).isAfter(Instant.now().plus(Duration.ofHours(23))));
        assertThat(totara.requests("tenants.csv")).as("nothing fetched on restart").isEqualTo(1);
    }

    @Test
    void aMalformedExportNeverReplacesTheGoodModel() throws Exception {
        CycleWatch cycles = new CycleWatch();
        MlService service = start(cycles);
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);
        List<Path> before = modelFiles();

        Path interactions = export.resolve("user_interactions_2.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(interactions));
        String[] cells = lines.get(3).split(",");
        cells[2] = "often";
        lines.set(3, String.join(",", cells));
        Files.write(interactions, lines);

        assertThat(service.trainNow()).isTrue();
        CycleResult failed = cycles.next();
        assertThat(failed.outcome()).isEqualTo(CycleOutcome.FAILED);
        assertThat(failed.message()).contains("user_interactions_2.csv", "line 4", "rating");
        assertThat(modelFiles()).isEqualTo(before);
        assertThat(client(service).get("/user-items?totara_user_id=" + firstColumn("user_data_2.csv").get(0)
                + "&item_type=engage_article&tenant=2&n_items=3").json().get("success").asBoolean()).isTrue();
    }

    @Test
    void aModelBelowTheSanityFloorNeverReplacesTheServingOne() throws Exception {
        CycleWatch cycles = new CycleWatch();
        MlService trained = start(cycles);
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);
        String request = "/user-items?totara_user_id=" + firstColumn("user_data_1.csv").get(5)
                + "&item_type=engage_article&tenant=1&n_items=8";
        String answer = client(trained).get(request).body();
        trained.stop();

        // No epochs: the new models are their random start, ranking held-out items no better than chance.
        CycleWatch untrainedCycles = new CycleWatch();
        MlService service = start(untrainedCycles, HyperParameters.defaults().withEpochs(0).withComponents(16));
        assertThat(service.trainNow()).isTrue();
        CycleResult cycle = untrainedCycles.next();
        assertThat(cycle.tenants()).allSatisfy(t -> {
            assertThat(t.outcome()).isEqualTo(TenantOutcome.KEPT);
            assertThat(t.message()).contains("below the floor");
        });
        assertThat(cycle.outcome()).isEqualTo(CycleOutcome.FAILED);
        assertThat(client(service).get(request).body()).isEqualTo(answer);
    }

    @Test
    void cancellingATrainingKeepsTheServingModels() throws Exception {
        CycleWatch cycles = new CycleWatch();
        MlService service = start(cycles);
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);
        String request = "/similar-items?totara_item_id=" + firstColumn("item_data_2.csv").get(2)
                + "&tenant=2&n_items=5";
        String answer = client(service).get(request).body();

        CountDownLatch training = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        service.addListener(new ServiceListener() {
            @Override
            public void epoch(long cycleId, String tenant, int candidate, HyperParameters hp, EpochStats stats,
                              Metrics heldOut, double fraction) {
                training.countDown();
                CycleWatch.awaitQuietly(cancelled);
            }
        });
        assertThat(service.trainNow()).isTrue();
        assertThat(training.await(CYCLE_WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        service.cancelTraining();
        cancelled.countDown();
        CycleResult cycle = cycles.next();
        assertThat(cycle.outcome()).isEqualTo(CycleOutcome.CANCELLED);
        assertThat(cycle.tenants()).isEmpty();
        assertThat(client(service).get(request).body()).isEqualTo(answer);
        assertThat(service.history().recentCycles(1)).first()
                .satisfies(c -> assertThat(c.outcome()).isEqualTo(CycleOutcome.CANCELLED));
    }

    @Test
    void newSettingsTakeEffectWithoutARestart() throws Exception {
        CycleWatch cycles = new CycleWatch();
        MlService service = start(cycles);
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);
        URI before = service.baseUri();
        String request = "/similar-items?totara_item_id=" + firstColumn("item_data_1.csv").get(1)
                + "&tenant=1&n_items=3";

        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        MlService.Applied applied = service.apply(service.settings().withChanges(Map.of(
                Setting.BIND, "127.0.0.1:" + port, Setting.RETRAIN_FREQ, "30", Setting.TOTARA_KEY, "a-new-key",
                Setting.LOGS_DIR, root.resolve("elsewhere").toString())));
        assertThat(applied.needRestart()).containsExactly(Setting.LOGS_DIR.variable(), Setting.HISTORY_DB.variable());
        assertThat(service.settings().logsDir()).isEqualTo(root.resolve("logs"));
        assertThat(service.port()).isEqualTo(port);
        assertThat(new SignedClient(service.baseUri(), "a-new-key").get(request).json().get("success").asBoolean())
                .isTrue();
        assertThat(client(service).get(request).status()).as("the old key no longer opens").isEqualTo(401);
        assertThatThrownBy(() -> new SignedClient(before, "a-new-key").get(request))
                .as("nothing listens on the old address").isInstanceOf(IOException.class);
        assertThat(service.nextTraining()).get().satisfies(due ->
                assertThat(due).isBefore(Instant.now().plus(Duration.ofMinutes(31))));

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> service.apply(service.settings()
                    .with(Setting.BIND, "127.0.0.1:" + taken.getLocalPort())))
                    .isInstanceOf(IOException.class).hasMessageContaining("in use");
        }
        assertThat(service.port()).as("the previous address serves again").isEqualTo(port);
        assertThat(new SignedClient(service.baseUri(), "a-new-key").get(request).status()).isEqualTo(200);
    }

    @Test
    void anExportStillRunningIsFetchedAgainAfterABackOff() throws Exception {
        totara.answer("tenants.csv", 202, 202);
        CycleWatch cycles = new CycleWatch();
        start(cycles);
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);
        assertThat(totara.requests("tenants.csv")).isEqualTo(3);
    }

    private MlService start(CycleWatch cycles) throws Exception {
        return start(cycles, HyperParameters.defaults().withEpochs(4).withComponents(16));
    }

    private MlService start(CycleWatch cycles, HyperParameters fixed) throws Exception {
        Map<String, String> values = new HashMap<>();
        values.put(Setting.TOTARA_URL.variable(), totara.url().toString());
        values.put(Setting.TOTARA_KEY.variable(), KEY);
        values.put(Setting.MODELS_DIR.variable(), root.resolve("models").toString());
        values.put(Setting.LOGS_DIR.variable(), root.resolve("logs").toString());
        values.put(Setting.BIND.variable(), "127.0.0.1:0");
        values.put(Setting.NUM_THREADS.variable(), "1");
        Path settingsFile = root.resolve("settings.properties");
        if (!Files.exists(settingsFile)) {
            Files.createFile(settingsFile);
        }
        values.put(SettingsFile.VARIABLE, settingsFile.toString());
        ServiceSettings settings = SettingsLoader.load(values, Map.of());
        MlService service = new MlService(settings, Clock.systemUTC(), new MlService.Tuning(
                List.of(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(20)),
                fixed));
        service.addListener(cycles);
        services.add(service);
        service.start();
        return service;
    }

    private void addTenantWithTooLittleData(String tenant) throws IOException {
        Files.writeString(export.resolve("tenants.csv"), tenant + "\n", StandardOpenOption.APPEND);
        Files.writeString(export.resolve("user_data_" + tenant + ".csv"), "user_id,lang\n1,en\n2,en\n3,fr\n");
        Files.writeString(export.resolve("item_data_" + tenant + ".csv"), "item_id,container_course,"
                + "container_workspace,engage_article,engage_microlearning,totara_playlist,document\n"
                + "engage_article1,0,0,1,0,0,One\nengage_article2,0,0,1,0,0,Two\n");
        Files.writeString(export.resolve("user_interactions_" + tenant + ".csv"),
                "user_id,item_id,rating,timestamp\n1,engage_article1,1,1600000000\n");
    }

    private SignedClient client(MlService service) {
        return new SignedClient(service.baseUri(), KEY);
    }

    private List<String> firstColumn(String file) throws IOException {
        try (CSVParser csv = CSVParser.parse(export.resolve(file), StandardCharsets.UTF_8,
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return csv.stream().map(r -> r.get(0)).toList();
        }
    }

    private List<Path> modelFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("models"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".mlm")).sorted().toList();
        }
    }

    private static void assertNoSecretIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".log")).toList()) {
                assertThat(Files.readString(f, StandardCharsets.UTF_8)).as(f.toString()).doesNotContain(KEY);
            }
        }
    }
}
