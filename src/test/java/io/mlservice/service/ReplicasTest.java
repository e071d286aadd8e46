package io.mlservice.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlservice.api.ApiMetrics;
import io.mlservice.api.MinuteStats;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.config.SettingsLoader;
import io.mlservice.model.HyperParameters;
import io.mlservice.totara.demo.DemoExportGenerator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trainer and two replicas ({@code ML_ROLE=serve}) over one models folder, on loopback, behind HAProxy run with
 * the shipped {@code deploy/haproxy/haproxy.cfg}: a model the trainer trains is served by both replicas within
 * seconds, and a stream of signed requests through the proxy sees no error while a replica is stopped and restarted.
 */
class ReplicasTest {
    private static final String KEY = "replicas-shared-key";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final Duration CYCLE_WAIT = Duration.ofSeconds(60);
    private static final int REQUESTS = 2_000;

    @TempDir
    Path root;

    private final List<MlService> services = new ArrayList<>();
    private final BlockingQueue<CycleResult> cycles = new LinkedBlockingQueue<>();
    private Haproxy haproxy;

    @AfterEach
    void stopAll() {
        if (haproxy != null) {
            haproxy.close();
        }
        services.forEach(MlService::stop);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void replicasServeTheTrainersNewModelAndTheProxyLosesNoRequestWhenOneStops() throws Exception {
        Path export = root.resolve("export");
        new DemoExportGenerator(new DemoExportGenerator.Spec(160, 100, 2400, 2, 7)).write(export);
        MlService trainer = trainer(export);
        nextCycle();
        MlService first = replica("replica1", 0);
        MlService second = replica("replica2", 0);
        assertThat(served(first)).isEqualTo(served(trainer));
        assertThat(served(second)).isEqualTo(served(trainer));
        assertThat(health(first).get("serving").get("role").asText()).isEqualTo("serve");
        assertThat(health(first).get("success").asBoolean()).as("a replica needs no train_summary.log").isTrue();
        assertThat(first.trainNow()).as("a replica trains nothing").isFalse();
        assertThat(first.status().nextTraining()).isEmpty();
        assertThat(root.resolve("replica1-logs/train_summary.log")).doesNotExist();

        String before = served(trainer).get("model_trained_at").asText();
        assertThat(trainer.trainNow()).isTrue();
        nextCycle();
        JsonNode trained = served(trainer);
        assertThat(trained.get("model_trained_at").asText()).isNotEqualTo(before);
        awaitServing(first, trained);
        awaitServing(second, trained);
        assertThat(new SignedClient(first.baseUri(), KEY).get("/").body())
                .contains("replica").contains(trained.get("model_file").asText());

        haproxy = Haproxy.start(root, first.port(), second.port());
        String tenant = firstColumn(export.resolve("tenants.csv")).get(0);
        List<String> users = firstColumn(export.resolve("user_data_" + tenant + ".csv"));
        SignedClient proxy = new SignedClient(haproxy.uri(), KEY);
        CountDownLatch stopAt = new CountDownLatch(REQUESTS / 5);
        CountDownLatch restartAt = new CountDownLatch(REQUESTS / 2);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < REQUESTS; i++) {
                String path = "/user-items?totara_user_id=" + users.get(i % users.size()) + "&tenant=" + tenant
                        + "&n_items=5&item_type=engage_article";
                try {
                    SignedClient.Answer answer = proxy.get(path);
                    if (answer.status() != 200) {
                        failures.add(i + ": HTTP " + answer.status() + " " + answer.body());
                    }
                } catch (IOException | InterruptedException e) {
                    failures.add(i + ": " + e);
                }
                stopAt.countDown();
                restartAt.countDown();
            }
        });
        int port = first.port();
        assertThat(stopAt.await(30, TimeUnit.SECONDS)).isTrue();
        first.stop();
        assertThat(restartAt.await(30, TimeUnit.SECONDS)).isTrue();
        MlService restarted = replica("replica1", port);
        stream.get(60, TimeUnit.SECONDS);

        assertThat(failures).as("requests through the proxy that failed").isEmpty();
        assertThat(served(restarted)).isEqualTo(trained);
        awaitRequestsThroughProxy(proxy, restarted, tenant, users.get(0));
    }

    private MlService trainer(Path export) throws Exception {
        Map<String, String> values = settings("trainer");
        values.put(Setting.EXPORT_DIR.variable(), export.toString());
        MlService service = new MlService(SettingsLoader.load(values, Map.of()), Clock.systemUTC(),
                new MlService.Tuning(List.of(Duration.ofMillis(20)),
                        HyperParameters.defaults().withEpochs(4).withComponents(16)));
        service.addListener(new ServiceListener() {
            @Override
            public void cycleFinished(CycleResult result) {
                cycles.add(result);
            }
        });
        services.add(service);
        service.start();
        return service;
    }

    private MlService replica(String name, int port) throws Exception {
        Map<String, String> values = settings(name);
        values.put(Setting.ROLE.variable(), "serve");
        values.put(Setting.BIND.variable(), "127.0.0.1:" + port);
        ServiceSettings settings = SettingsLoader.load(values, Map.of());
        MlService service = new MlService(settings, Clock.systemUTC(),
                MlService.Tuning.defaults().withSharedModelPoll(POLL));
        services.add(service);
        service.start();
        return service;
    }

    /** One models folder for all; logs, history and settings file of each instance's own. */
    private Map<String, String> settings(String name) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put(Setting.TOTARA_KEY.variable(), KEY);
        values.put(Setting.MODELS_DIR.variable(), root.resolve("models").toString());
        values.put(Setting.LOGS_DIR.variable(), root.resolve(name + "-logs").toString());
        values.put(Setting.BIND.variable(), "127.0.0.1:0");
        values.put(Setting.NUM_THREADS.variable(), "1");
        Path settingsFile = root.resolve(name + ".properties");
        if (!Files.exists(settingsFile)) {
            Files.createFile(settingsFile);
        }
        values.put(SettingsFile.VARIABLE, settingsFile.toString());
        return values;
    }

    private void nextCycle() throws InterruptedException {
        CycleResult result = cycles.poll(CYCLE_WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result).as("a training cycle finished within " + CYCLE_WAIT).isNotNull();
    }

    private static JsonNode health(MlService service) throws IOException, InterruptedException {
        SignedClient.Answer answer = new SignedClient(service.baseUri(), KEY).get("/health-check");
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    /** The model file the instance serves and its training time, as its health check says. */
    private static JsonNode served(MlService service) throws IOException, InterruptedException {
        JsonNode serving = health(service).get("serving");
        assertThat(serving.hasNonNull("model_file")).as("a model file is served: %s", serving).isTrue();
        return ((ObjectNode) serving.deepCopy())
                .retain("model_file", "model_trained_at");
    }

    private static void awaitServing(MlService replica, JsonNode expected) throws Exception {
        Instant deadline = Instant.now().plus(WITHIN);
        JsonNode now = served(replica);
        while (!now.equals(expected) && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
            now = served(replica);
        }
        assertThat(now).as("the replica serves the trainer's new model within " + WITHIN).isEqualTo(expected);
    }

    /** HAProxy takes the restarted replica back (its health checks pass again) and sends it requests. */
    private static void awaitRequestsThroughProxy(SignedClient proxy, MlService replica, String tenant, String user)
            throws Exception {
        Instant deadline = Instant.now().plus(WITHIN);
        while (userItems(replica) == 0 && Instant.now().isBefore(deadline)) {
            assertThat(proxy.get("/user-items?totara_user_id=" + user + "&tenant=" + tenant
                    + "&n_items=5&item_type=engage_article").status()).isEqualTo(200);
        }
        assertThat(userItems(replica)).as("requests the restarted replica answered through the proxy")
                .isPositive();
    }

    private static long userItems(MlService service) {
        return service.metrics().live(Instant.now()).of(ApiMetrics.USER_ITEMS).stream()
                .mapToLong(MinuteStats::requests).sum();
    }

    private static List<String> firstColumn(Path file) throws IOException {
        try (CSVParser csv = CSVParser.parse(file, StandardCharsets.UTF_8,
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return csv.stream().map(r -> r.get(0)).toList();
        }
    }
}
