package io.mlservice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsLoader;
import io.mlservice.config.TestCertificate;
import io.mlservice.model.HyperParameters;
import io.mlservice.totara.TotaraToken;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service turns HTTPS on and off with its settings: at a start, and when TLS files are applied. */
class HttpsServiceTest {
    private static final String KEY = "https-service-shared-key";

    @TempDir
    Path root;

    private MlService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void tlsFilesAppliedMoveTheApiToHttpsAndBack() throws Exception {
        TestCertificate certificate = TestCertificate.create(root, "service.example", "EC");
        Path cert = root.resolve("api.crt");
        Path key = root.resolve("api.key");
        certificate.writePem(cert, key);
        service = start();
        assertThat(service.baseUri().getScheme()).isEqualTo("http");

        service.apply(service.settings().withChanges(Map.of(Setting.TLS_CERT, cert.toString(), Setting.TLS_KEY,
                key.toString())));

        assertThat(service.baseUri().toString()).isEqualTo("https://127.0.0.1:" + service.port() + "/");
        HttpClient https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TestCertificate.trusting(certificate)).build();
        HttpRequest.Builder health = HttpRequest.newBuilder(service.baseUri().resolve("health-check"))
                .timeout(Duration.ofSeconds(10));
        TotaraToken.signedHeaders(KEY, System.currentTimeMillis() / 1000).forEach(health::header);
        HttpResponse<String> answer = https.send(health.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(https.send(HttpRequest.newBuilder(service.baseUri()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        service.apply(service.settings().withChanges(Map.of(Setting.TLS_CERT, "", Setting.TLS_KEY, "")));

        assertThat(service.baseUri().getScheme()).isEqualTo("http");
    }

    private MlService start() throws Exception {
        Path export = Files.createDirectories(root.resolve("export"));
        Map<String, String> values = new HashMap<>();
        values.put(Setting.EXPORT_DIR.variable(), export.toString());
        values.put(Setting.TOTARA_KEY.variable(), KEY);
        values.put(Setting.MODELS_DIR.variable(), root.resolve("models").toString());
        values.put(Setting.LOGS_DIR.variable(), root.resolve("logs").toString());
        values.put(Setting.BIND.variable(), "127.0.0.1:0");
        values.put(Setting.NUM_THREADS.variable(), "1");
        ServiceSettings settings = SettingsLoader.resolve(values);
        MlService started = new MlService(settings, Clock.systemUTC(), new MlService.Tuning(List.of(),
                HyperParameters.defaults().withEpochs(1).withComponents(4)));
        started.start();
        return started;
    }
}
